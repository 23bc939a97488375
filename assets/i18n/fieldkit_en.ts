<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
    <context>
        <name>CaptureStep</name>
        <message numerus="yes">
            <source>%n attempt(s) left.</source>
            <translation>
                <numerusform>%n attempt left.</numerusform>
                <numerusform>%n attempts left.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>EnrollmentPage</name>
        <message numerus="yes">
            <source>Record %1 sealed (%n flag(s) for the ketua tim); its plaintext is erased.</source>
            <translation>
                <numerusform>Record %1 sealed (%n flag for the ketua tim); its plaintext is erased.</numerusform>
                <numerusform>Record %1 sealed (%n flags for the ketua tim); its plaintext is erased.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>HomePage</name>
        <message numerus="yes">
            <source>%n backup(s), latest %1</source>
            <translation>
                <numerusform>%n backup, latest %1</numerusform>
                <numerusform>%n backups, latest %1</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n day(s) ago (%1)</source>
            <translation>
                <numerusform>%n day ago (%1)</numerusform>
                <numerusform>%n days ago (%1)</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Sync soon: after %n more record(s) new enrollments will be blocked.</source>
            <translation>
                <numerusform>Sync soon: after %n more record new enrollments will be blocked.</numerusform>
                <numerusform>Sync soon: after %n more records new enrollments will be blocked.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Sync soon: in %n day(s) new enrollments will be blocked until this laptop syncs.</source>
            <translation>
                <numerusform>Sync soon: in %n day new enrollments will be blocked until this laptop syncs.</numerusform>
                <numerusform>Sync soon: in %n days new enrollments will be blocked until this laptop syncs.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>✔ intact, %n event(s)</source>
            <translation>
                <numerusform>✔ intact, %n event</numerusform>
                <numerusform>✔ intact, %n events</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message numerus="yes">
            <source>%n enrollment(s) are not finished. They stay on this laptop, encrypted, and can be resumed from the Drafts tab after the next login.</source>
            <translation>
                <numerusform>%n enrollment is not finished. It stays on this laptop, encrypted, and can be resumed from the Drafts tab after the next login.</numerusform>
                <numerusform>%n enrollments are not finished. They stay on this laptop, encrypted, and can be resumed from the Drafts tab after the next login.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>PlanningPage</name>
        <message numerus="yes">
            <source>%n visit(s) planned, the first on %1.</source>
            <translation>
                <numerusform>%n visit planned, the first on %1.</numerusform>
                <numerusform>%n visits planned, the first on %1.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Imported %n target(s): %1</source>
            <translation>
                <numerusform>Imported %n target: %1</numerusform>
                <numerusform>Imported %n targets: %1</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ReviewPage</name>
        <message numerus="yes">
            <source>Today, %1: %2 people on %n visit(s)</source>
            <translation>
                <numerusform>Today, %1: %2 people on %n visit</numerusform>
                <numerusform>Today, %1: %2 people on %n visits</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>SarprasPage</name>
        <message numerus="yes">
            <source>%n row(s) still to do before it can be signed.</source>
            <translation>
                <numerusform>%n row still to do before it can be signed.</numerusform>
                <numerusform>%n rows still to do before it can be signed.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>SettingsPage</name>
        <message numerus="yes">
            <source>%n device(s) checked.</source>
            <translation>
                <numerusform>%n device checked.</numerusform>
                <numerusform>%n devices checked.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>SyncPage</name>
        <message numerus="yes">
            <source>%n record(s) were signed by this laptop's revoked key and cannot be delivered; they stay on this laptop. Record these people again: %1</source>
            <translation>
                <numerusform>%n record was signed by this laptop's revoked key and cannot be delivered; it stays on this laptop. Record this person again: %1</numerusform>
                <numerusform>%n records were signed by this laptop's revoked key and cannot be delivered; they stay on this laptop. Record these people again: %1</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n record(s) written to %1.</source>
            <translation>
                <numerusform>%n record written to %1.</numerusform>
                <numerusform>%n records written to %1.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Check group(s) %1 against the operator's.</source>
            <translation>
                <numerusform>Check group %1 against the operator's.</numerusform>
                <numerusform>Check groups %1 against the operator's.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>devices</name>
        <message numerus="yes">
            <source>Wrong PIN. %n more wrong PIN(s) and the card blocks itself.</source>
            <comment>device_wrong_pin</comment>
            <translation>
                <numerusform>Wrong PIN. %n more wrong PIN and the card blocks itself.</numerusform>
                <numerusform>Wrong PIN. %n more wrong PINs and the card blocks itself.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>errors</name>
        <message numerus="yes">
            <source>Too many wrong passwords. The account is locked for %n minute(s).</source>
            <comment>auth_locked_out.minutes</comment>
            <translation>
                <numerusform>Too many wrong passwords. The account is locked for %n minute.</numerusform>
                <numerusform>Too many wrong passwords. The account is locked for %n minutes.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>team</name>
        <message numerus="yes">
            <source>%n target(s): {minutes} min of recording at {each} min each, more for {conditions}</source>
            <comment>recording</comment>
            <translation>
                <numerusform>%n target: {minutes} min of recording at {each} min each, more for {conditions}</numerusform>
                <numerusform>%n targets: {minutes} min of recording at {each} min each, more for {conditions}</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n target(s): {minutes} min of recording at {each} min each</source>
            <comment>recording_plain</comment>
            <translation>
                <numerusform>%n target: {minutes} min of recording at {each} min each</numerusform>
                <numerusform>%n targets: {minutes} min of recording at {each} min each</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n target(s) ODGJ, bed-bound or disabled: a second petugas</source>
            <comment>assisted</comment>
            <translation>
                <numerusform>%n target ODGJ, bed-bound or disabled: a second petugas</numerusform>
                <numerusform>%n targets ODGJ, bed-bound or disabled: a second petugas</numerusform>
            </translation>
        </message>
    </context>
</TS>
