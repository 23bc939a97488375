<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
    <context>
        <name>cli</name>
        <message numerus="yes">
            <source>Audit chain intact: %n event(s).</source>
            <comment>audit.intact</comment>
            <translation>
                <numerusform>Audit chain intact: %n event.</numerusform>
                <numerusform>Audit chain intact: %n events.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n simulated enrollment(s) sealed on visit {visit}.</source>
            <comment>demo.sealed</comment>
            <translation>
                <numerusform>%n simulated enrollment sealed on visit {visit}.</numerusform>
                <numerusform>%n simulated enrollments sealed on visit {visit}.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>  %n sealed record(s) waiting for the data center.</source>
            <comment>enrollment.waiting</comment>
            <translation>
                <numerusform>  %n sealed record waiting for the data center.</numerusform>
                <numerusform>  %n sealed records waiting for the data center.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n card(s) given to {courier} ({organisation}).</source>
            <comment>handover.courier</comment>
            <translation>
                <numerusform>%n card given to {courier} ({organisation}).</numerusform>
                <numerusform>%n cards given to {courier} ({organisation}).</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Imported %n target(s): {summary}</source>
            <comment>import.done</comment>
            <translation>
                <numerusform>Imported %n target: {summary}</numerusform>
                <numerusform>Imported %n targets: {summary}</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>  ... and %n more row(s); use --json</source>
            <comment>import.more_rows</comment>
            <translation>
                <numerusform>  ... and %n more row; use --json</numerusform>
                <numerusform>  ... and %n more rows; use --json</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{bad} of %n record(s) FAILED:</source>
            <comment>records.failed</comment>
            <translation>
                <numerusform>{bad} of %n record FAILED:</numerusform>
                <numerusform>{bad} of %n records FAILED:</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>All %n sealed record(s) intact.</source>
            <comment>records.intact</comment>
            <translation>
                <numerusform>All %n sealed record intact.</numerusform>
                <numerusform>All %n sealed records intact.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Planned visit {visit} on {date} with %n person(s).</source>
            <comment>revisit.planned</comment>
            <translation>
                <numerusform>Planned visit {visit} on {date} with %n person.</numerusform>
                <numerusform>Planned visit {visit} on {date} with %n people.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>, %n row(s) to do</source>
            <comment>sarpras.rows_to_do</comment>
            <translation>
                <numerusform>, %n row to do</numerusform>
                <numerusform>, %n rows to do</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>  %n backup(s)</source>
            <comment>store.backups</comment>
            <translation>
                <numerusform>  %n backup</numerusform>
                <numerusform>  %n backups</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>  %n active officer(s)</source>
            <comment>store.officers</comment>
            <translation>
                <numerusform>  %n active officer</numerusform>
                <numerusform>  %n active officers</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Exported %n record(s), {size}, to {path}.</source>
            <comment>sync.exported</comment>
            <translation>
                <numerusform>Exported %n record, {size}, to {path}.</numerusform>
                <numerusform>Exported %n records, {size}, to {path}.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>  … and %n more</source>
            <comment>sync.more</comment>
            <translation>
                <numerusform>  … and %n more</numerusform>
                <numerusform>  … and %n more</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n record(s) were signed by the revoked key and cannot be delivered; they stay on this laptop, marked REJECTED (signed_by_revoked_key). Record these people again:</source>
            <comment>sync.stranded</comment>
            <translation>
                <numerusform>%n record were signed by the revoked key and cannot be delivered; they stay on this laptop, marked REJECTED (signed_by_revoked_key). Record these people again:</numerusform>
                <numerusform>%n records were signed by the revoked key and cannot be delivered; they stay on this laptop, marked REJECTED (signed_by_revoked_key). Record these people again:</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n visit(s)</source>
            <comment>request.visits</comment>
            <translation>
                <numerusform>%n visit</numerusform>
                <numerusform>%n visits</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n target(s)</source>
            <comment>visit.target_count</comment>
            <translation>
                <numerusform>%n target</numerusform>
                <numerusform>%n targets</numerusform>
            </translation>
        </message>
    </context>
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
        <name>HandoverPage</name>
        <message numerus="yes">
            <source>%1 In the courier&apos;s batch: %n card(s).</source>
            <translation>
                <numerusform>%1 In the courier&apos;s batch: %n card.</numerusform>
                <numerusform>%1 In the courier&apos;s batch: %n cards.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n card(s) given to the courier %1.</source>
            <translation>
                <numerusform>%n card given to the courier %1.</numerusform>
                <numerusform>%n cards given to the courier %1.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>In the courier&apos;s batch: %n card(s).</source>
            <translation>
                <numerusform>In the courier&apos;s batch: %n card.</numerusform>
                <numerusform>In the courier&apos;s batch: %n cards.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Delivery %1 · %n card(s), %2 handed over</source>
            <translation>
                <numerusform>Delivery %1 · %n card, %2 handed over</numerusform>
                <numerusform>Delivery %1 · %n cards, %2 handed over</numerusform>
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
        <name>NavigationRail</name>
        <message numerus="yes">
            <source>%n waiting for review</source>
            <translation>
                <numerusform>%n waiting for review</numerusform>
                <numerusform>%n waiting for review</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n waiting to be sent</source>
            <translation>
                <numerusform>%n waiting to be sent</numerusform>
                <numerusform>%n waiting to be sent</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n unfinished draft(s)</source>
            <translation>
                <numerusform>%n unfinished draft</numerusform>
                <numerusform>%n unfinished drafts</numerusform>
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
            <source>%1 (%n of them from other days)</source>
            <translation>
                <numerusform>%1 (%n of them from another day)</numerusform>
                <numerusform>%1 (%n of them from other days)</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Today, %1: %2 people on %n visit(s)</source>
            <translation>
                <numerusform>Today, %1: %2 people on %n visit</numerusform>
                <numerusform>Today, %1: %2 people on %n visits</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Undo this decision within %n second(s): the record waits for review again.</source>
            <translation>
                <numerusform>Undo this decision within %n second: the record waits for review again.</numerusform>
                <numerusform>Undo this decision within %n seconds: the record waits for review again.</numerusform>
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
            <source>%n waiting for the ketua tim&apos;s review</source>
            <translation>
                <numerusform>%n waiting for the ketua tim&apos;s review</numerusform>
                <numerusform>%n waiting for the ketua tim&apos;s review</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>The data center refused %n record(s): see the table; record these people again.</source>
            <translation>
                <numerusform>The data center refused %n record: see the table; record this person again.</numerusform>
                <numerusform>The data center refused %n records: see the table; record these people again.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n returned for recapture</source>
            <translation>
                <numerusform>%n returned for recapture</numerusform>
                <numerusform>%n returned for recapture</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n record(s) were signed by this laptop&apos;s revoked key and cannot be delivered; they stay on this laptop. Record these people again: %1</source>
            <translation>
                <numerusform>%n record was signed by this laptop&apos;s revoked key and cannot be delivered; it stays on this laptop. Record this person again: %1</numerusform>
                <numerusform>%n records were signed by this laptop&apos;s revoked key and cannot be delivered; they stay on this laptop. Record these people again: %1</numerusform>
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
            <source>Check group(s) %1 against the operator&apos;s.</source>
            <translation>
                <numerusform>Check group %1 against the operator&apos;s.</numerusform>
                <numerusform>Check groups %1 against the operator&apos;s.</numerusform>
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
    <context>
        <name>office</name>
        <message numerus="yes">
            <source>%n new officers</source>
            <comment>officers_added</comment>
            <translation>
                <numerusform>%n new officer</numerusform>
                <numerusform>%n new officers</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n officers disabled</source>
            <comment>officers_disabled</comment>
            <translation>
                <numerusform>%n officer disabled</numerusform>
                <numerusform>%n officers disabled</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n officers updated</source>
            <comment>officers_updated</comment>
            <translation>
                <numerusform>%n officer updated</numerusform>
                <numerusform>%n officers updated</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n people already recorded</source>
            <comment>recorded</comment>
            <translation>
                <numerusform>%n person already recorded</numerusform>
                <numerusform>%n people already recorded</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n region names</source>
            <comment>regions</comment>
            <translation>
                <numerusform>%n region name</numerusform>
                <numerusform>%n region names</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n requests</source>
            <comment>requests</comment>
            <translation>
                <numerusform>%n request</numerusform>
                <numerusform>%n requests</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n targets</source>
            <comment>targets</comment>
            <translation>
                <numerusform>%n target</numerusform>
                <numerusform>%n targets</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n visits</source>
            <comment>visits</comment>
            <translation>
                <numerusform>%n visit</numerusform>
                <numerusform>%n visits</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n visits called off</source>
            <comment>visits_cancelled</comment>
            <translation>
                <numerusform>%n visit called off</numerusform>
                <numerusform>%n visits called off</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n officers enabled again</source>
            <comment>officers_enabled</comment>
            <translation>
                <numerusform>%n officer enabled again</numerusform>
                <numerusform>%n officers enabled again</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n officers not applied (reported to the office)</source>
            <comment>officers_refused</comment>
            <translation>
                <numerusform>%n officer not applied (reported to the office)</numerusform>
                <numerusform>%n officers not applied (reported to the office)</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n card deliveries</source>
            <comment>deliveries</comment>
            <translation>
                <numerusform>%n card delivery</numerusform>
                <numerusform>%n card deliveries</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n printed cards</source>
            <comment>printed_cards</comment>
            <translation>
                <numerusform>%n printed card</numerusform>
                <numerusform>%n printed cards</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n first-login codes used on another laptop</source>
            <comment>first_login_withdrawn</comment>
            <translation>
                <numerusform>%n first-login code used on another laptop</numerusform>
                <numerusform>%n first-login codes used on another laptop</numerusform>
            </translation>
        </message>
    </context>
</TS>
