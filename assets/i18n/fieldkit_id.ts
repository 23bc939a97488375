<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id" sourcelanguage="en">
<context>
    <name>AddOfficerDialog</name>
    <message>
        <location filename="../../ui/officers_box.py" line="418"/>
        <source>Add an officer</source>
        <translation>Tambah petugas</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="422"/>
        <source>for logging in, e.g. siti.aminah</source>
        <translation>untuk masuk, mis. siti.aminah</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="429"/>
        <source>18 digits, as on the SK (optional)</source>
        <translation>18 angka, sesuai SK (tidak wajib)</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="431"/>
        <source>for example: Penata Muda, III/a (optional)</source>
        <translation>misalnya: Penata Muda, III/a (tidak wajib)</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="433"/>
        <source>Username</source>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="434"/>
        <source>Full name</source>
        <translation>Nama lengkap</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="435"/>
        <source>Role</source>
        <translation>Peran</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="436"/>
        <source>NIP</source>
        <translation>NIP</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="437"/>
        <source>Rank/grade</source>
        <translation>Pangkat/golongan</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="443"/>
        <source>Add the officer</source>
        <translation>Tambahkan petugas</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="482"/>
        <source>Type the first password twice.</source>
        <translation>Ketik kata sandi pertama dua kali.</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="486"/>
        <source>The two passwords differ; type them again.</source>
        <translation>Kedua kata sandi berbeda; ketik lagi.</translation>
    </message>
</context>
<context>
    <name>AutoCapture</name>
    <message>
        <location filename="../../ui/enrollment/auto_capture.py" line="109"/>
        <source>Auto-capture</source>
        <extracomment>A device still finishing a capture that was called off (an SBI service answers &quot;703, already in progress&quot; until its RCAPTURE ends) is asked again after this long ... ... this many times, then auto-capture stops and says the device is busy. Rekam was pressed while the device waited: a bad still is then taken again by hand.</extracomment>
        <translation>Rekam otomatis</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/auto_capture.py" line="112"/>
        <source>Captures by itself once the person holds still; untick it for a restless person and press Capture instead.</source>
        <translation>Merekam sendiri begitu orangnya diam; matikan untuk orang yang gelisah, lalu tekan Rekam.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/auto_capture.py" line="206"/>
        <source>Capturing… follow the instruction.</source>
        <translation>Merekam… ikuti petunjuk.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/auto_capture.py" line="245"/>
        <source>Place the fingers on the scanner: it captures by itself.</source>
        <translation>Letakkan jari di pemindai: perekaman berjalan sendiri.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/auto_capture.py" line="247"/>
        <source>Look into the camera: it captures by itself.</source>
        <translation>Lihat ke kamera: perekaman berjalan sendiri.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/auto_capture.py" line="267"/>
        <source>Sign on the pad; lift the pen when done.</source>
        <translation>Tanda tangani di bantalan; angkat pena bila selesai.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/auto_capture.py" line="272"/>
        <source>Holding still: capturing…</source>
        <translation>Sudah diam: merekam…</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/auto_capture.py" line="319"/>
        <source>Not steady yet; hold still…</source>
        <translation>Belum diam; tahan sebentar…</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/auto_capture.py" line="322"/>
        <source>Auto-capture did not get a good capture: press Capture.</source>
        <translation>Rekam otomatis tidak mendapat hasil yang baik: tekan Rekam.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/auto_capture.py" line="354"/>
        <source>Auto-capture stopped: %1</source>
        <translation>Rekam otomatis berhenti: %1</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/auto_capture.py" line="367"/>
        <source>Captured by itself: %1</source>
        <translation>Direkam otomatis: %1</translation>
    </message>
</context>
<context>
    <name>AwaitsDecisionDialog</name>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="131"/>
        <source>Possible duplicate</source>
        <translation>Kemungkinan data ganda</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="134"/>
        <source>%1: %2
The ketua tim and the office read the reason; Cancel leaves the person alone.</source>
        <translation>%1: %2
Ketua tim dan kantor membaca alasannya; Batal membiarkan orang ini.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="141"/>
        <source>Record anyway</source>
        <translation>Tetap rekam</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="142"/>
        <source>why again, e.g. the office asked for it (required)</source>
        <translation>mengapa direkam lagi, mis. kantor memintanya (wajib)</translation>
    </message>
</context>
<context>
    <name>CaptureStep</name>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="132"/>
        <location filename="../../ui/enrollment/capture_step.py" line="139"/>
        <source>Capture</source>
        <extracomment>A one-eye iris camera is about to take this eye (&quot;right&quot;, &quot;left&quot;); from the worker. The slot on screen as the core last returned it (its threshold, its attempts). How long a preview whose device went away waits for it (tests shorten it). The threshold the running preview judges by: a new one restarts it.</extracomment>
        <translation>Rekam</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="134"/>
        <source>Retry</source>
        <translation>Ulangi</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="135"/>
        <source>Keep with a reason…</source>
        <translation>Simpan dengan alasan…</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="136"/>
        <source>Defer this step</source>
        <translation>Tunda langkah ini</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="137"/>
        <source>Exception…</source>
        <translation>Pengecualian…</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="143"/>
        <source>Retry (the best attempt is kept)</source>
        <translation>Ulangi (percobaan terbaik yang disimpan)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="149"/>
        <source>Keep below the threshold, with a reason</source>
        <translation>Simpan di bawah ambang, dengan alasan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="152"/>
        <source>Defer this step for later</source>
        <translation>Tunda langkah ini untuk nanti</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="156"/>
        <source>Record a finger or eye exception</source>
        <translation>Catat pengecualian jari atau mata</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="172"/>
        <source>why the person cannot sign</source>
        <translation>mengapa orang ini tidak dapat menandatangani</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="173"/>
        <source>Use a thumbprint instead</source>
        <translation>Gunakan cap jempol</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="185"/>
        <source>Training backdrop</source>
        <translation>Latar latihan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="186"/>
        <source>as the birth year requires</source>
        <translation>sesuai tahun lahir</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="187"/>
        <source>red cloth</source>
        <translation>kain merah</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="188"/>
        <source>blue cloth</source>
        <translation>kain biru</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="192"/>
        <source>Training backdrop:</source>
        <translation>Latar latihan:</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="246"/>
        <source>Attempt %1 of %2 · %3</source>
        <translation>Percobaan %1 dari %2 · %3</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="374"/>
        <source>Starting the preview…</source>
        <translation>Memulai pratinjau…</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/preview_feed.py" line="74"/>
        <source>%1 stopped answering. Reconnecting by itself… (try %2 of %3)</source>
        <translation>%1 berhenti menjawab. Menyambung ulang sendiri… (percobaan %2 dari %3)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="412"/>
        <source>The preview stopped: %1</source>
        <translation>Pratinjau berhenti: %1</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="429"/>
        <source>No device for this step.</source>
        <translation>Tidak ada perangkat untuk langkah ini.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="436"/>
        <source>Capturing… follow the instruction.</source>
        <translation>Merekam… ikuti petunjuk.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="449"/>
        <source>Hold the camera to the RIGHT eye…</source>
        <translation>Arahkan kamera ke mata KANAN…</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="451"/>
        <source>Now hold the camera to the LEFT eye…</source>
        <translation>Sekarang arahkan kamera ke mata KIRI…</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="458"/>
        <source>Attempt %1: score %2.</source>
        <translation>Percobaan %1: skor %2.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="461"/>
        <source>Kept as the best.</source>
        <translation>Disimpan sebagai yang terbaik.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/enrollment/capture_step.py" line="472"/>
        <source>%n attempt(s) left.</source>
        <translation>
            <numerusform>Sisa %Ln percobaan.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="498"/>
        <source>Step deferred: it stays on the list of what is missing.</source>
        <translation>Langkah ditunda: tetap ada di daftar yang masih kurang.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="519"/>
        <source>Kept with a reason; flagged for the ketua tim.</source>
        <translation>Disimpan dengan alasan; ditandai untuk ketua tim.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/capture_step.py" line="568"/>
        <source>Exception recorded with its proof photo; flagged for review.</source>
        <translation>Pengecualian dicatat dengan foto buktinya; ditandai untuk diperiksa.</translation>
    </message>
</context>
<context>
    <name>CardBindBox</name>
    <message>
        <location filename="../../ui/card_login.py" line="250"/>
        <source>My staff card</source>
        <translation>Kartu petugas saya</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="255"/>
        <source>Bind the card on the reader</source>
        <translation>Hubungkan kartu di pembaca</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="257"/>
        <source>Forget my card (lost)</source>
        <translation>Lupakan kartu saya (hilang)</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="260"/>
        <source>Log in with your staff card and its PIN too: bind it once here.</source>
        <translation>Masuk juga dengan kartu petugas dan PIN-nya: hubungkan sekali di sini.</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="264"/>
        <source>Your password</source>
        <translation>Kata sandi Anda</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="265"/>
        <source>Card PIN</source>
        <translation>PIN kartu</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="277"/>
        <source>Your staff card is forgotten on this laptop.</source>
        <translation>Kartu petugas Anda sudah dilupakan di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="279"/>
        <source>No staff card was bound to you on this laptop.</source>
        <translation>Tidak ada kartu petugas yang terhubung dengan Anda di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="285"/>
        <source>Card %1 bound: log in with it and its PIN.</source>
        <translation>Kartu %1 terhubung: masuk dengan kartu itu dan PIN-nya.</translation>
    </message>
</context>
<context>
    <name>CardBox</name>
    <message>
        <location filename="../../ui/card_login.py" line="69"/>
        <source>The PIN has 4 to 12 digits.</source>
        <extracomment>The login dialog, the lock and Settings offer a card box when this finds a reader.</extracomment>
        <translation>PIN terdiri dari 4 sampai 12 angka.</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="73"/>
        <source>Reading the card…</source>
        <translation>Membaca kartu…</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="105"/>
        <source>Staff card</source>
        <translation>Kartu petugas</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="106"/>
        <source>PIN of the card</source>
        <translation>PIN kartu</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="114"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
</context>
<context>
    <name>CardCosignBox</name>
    <message>
        <location filename="../../ui/card_login.py" line="217"/>
        <source>Countersign</source>
        <translation>Tanda tangani</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="218"/>
        <source>Ketua tim: put your staff card on the reader, then type its PIN.</source>
        <translation>Ketua tim: letakkan kartu petugas Anda di pembaca, lalu ketik PIN-nya.</translation>
    </message>
</context>
<context>
    <name>CardLoginBox</name>
    <message>
        <location filename="../../ui/card_login.py" line="149"/>
        <source>Log in with the card</source>
        <translation>Masuk dengan kartu</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="150"/>
        <source>Put your staff card on the reader, then type its PIN.</source>
        <translation>Letakkan kartu petugas di pembaca, lalu ketik PIN-nya.</translation>
    </message>
</context>
<context>
    <name>CardUnlockBox</name>
    <message>
        <location filename="../../ui/card_login.py" line="177"/>
        <source>Unlock with the card</source>
        <translation>Buka dengan kartu</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="178"/>
        <source>Or put your staff card on the reader and type its PIN.</source>
        <translation>Atau letakkan kartu petugas Anda di pembaca lalu ketik PIN-nya.</translation>
    </message>
</context>
<context>
    <name>CloseButton</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="64"/>
        <source>Close Tab</source>
        <extracomment>Qt&apos;s classes whose texts are here (the file dialog, message boxes, buttons, menus, and the print dialog with its options, properties, page setup and page sizes).</extracomment>
        <translation>Tutup tab</translation>
    </message>
</context>
<context>
    <name>ConsentScreen</name>
    <message>
        <location filename="../../ui/enrollment/consent.py" line="56"/>
        <source>Consent before any capture</source>
        <extracomment>The draft whose consent the fields hold (``show_for``).</extracomment>
        <translation>Persetujuan sebelum perekaman</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/consent.py" line="58"/>
        <source>The person themself</source>
        <translation>Orang itu sendiri</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/consent.py" line="59"/>
        <source>A guardian (wali) for them</source>
        <translation>Wali atas namanya</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/consent.py" line="60"/>
        <source>A caretaker (pendamping) for them</source>
        <translation>Pendamping atas namanya</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/consent.py" line="70"/>
        <source>e.g. anak, istri, perawat panti</source>
        <translation>mis. anak, istri, perawat panti</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/consent.py" line="73"/>
        <source>optional</source>
        <translation>opsional</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/consent.py" line="77"/>
        <location filename="../../ui/enrollment/consent.py" line="157"/>
        <location filename="../../ui/enrollment/consent.py" line="221"/>
        <source>No photo.</source>
        <translation>Belum ada foto.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/consent.py" line="78"/>
        <source>Consent photo taken</source>
        <translation>Foto persetujuan yang diambil</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/consent.py" line="81"/>
        <location filename="../../ui/enrollment/consent.py" line="84"/>
        <source>Record consent</source>
        <translation>Catat persetujuan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/consent.py" line="91"/>
        <source>Name of the guardian</source>
        <translation>Nama wali</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/consent.py" line="92"/>
        <source>Relation</source>
        <translation>Hubungan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/consent.py" line="93"/>
        <source>NIK of the guardian</source>
        <translation>NIK wali</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/consent.py" line="94"/>
        <source>Photo of the letter</source>
        <translation>Foto surat</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/consent.py" line="127"/>
        <source>Show the camera for a consent photo (optional)</source>
        <translation>Nyalakan kamera untuk foto surat persetujuan (tidak wajib)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/consent.py" line="129"/>
        <source>Take photo</source>
        <translation>Ambil foto</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/consent.py" line="131"/>
        <source>Retake</source>
        <translation>Ambil ulang</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/consent.py" line="170"/>
        <source>The face camera is not connected.</source>
        <translation>Kamera wajah tidak terhubung.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/consent.py" line="178"/>
        <source>Taking the photo…</source>
        <translation>Mengambil foto…</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/consent.py" line="223"/>
        <source>Consent recorded.</source>
        <translation>Persetujuan dicatat.</translation>
    </message>
</context>
<context>
    <name>CosignDialog</name>
    <message>
        <location filename="../../ui/enrollment/cosign_dialog.py" line="59"/>
        <source>Ketua tim countersign</source>
        <extracomment>Wide enough that the explanation reads in three lines, not six.</extracomment>
        <translation>Tanda tangan ketua tim</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/cosign_dialog.py" line="63"/>
        <source>%1
The ketua tim present may countersign it now, and it need not wait for the ketua tim&apos;s review. Skip, and it stays flagged for the review.</source>
        <translation>%1
Ketua tim yang hadir dapat menandatanganinya sekarang, sehingga hal ini tidak perlu menunggu tinjauan ketua tim. Lewati, dan hal ini tetap ditandai untuk ditinjau.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/cosign_dialog.py" line="72"/>
        <source>Skip (stays flagged)</source>
        <translation>Lewati (tetap ditandai)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/cosign_dialog.py" line="99"/>
        <source>Kept below the threshold or excepted: %1.</source>
        <translation>Disimpan di bawah ambang atau dikecualikan: %1.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/cosign_dialog.py" line="110"/>
        <source>Countersigned by %1. The record still waits for the ketua tim&apos;s review for its other flags.</source>
        <translation>Ditandatangani oleh %1. Rekaman tetap menunggu tinjauan ketua tim untuk tanda lainnya.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/cosign_dialog.py" line="116"/>
        <source>Countersigned by %1: the record will not wait for review.</source>
        <translation>Ditandatangani oleh %1: rekaman tidak menunggu tinjauan.</translation>
    </message>
</context>
<context>
    <name>DataCenterWords</name>
    <message>
        <location filename="../../ui/data_center_words.py" line="35"/>
        <source>Data center</source>
        <translation>Pusat data</translation>
    </message>
</context>
<context>
    <name>DesaSearch</name>
    <message>
        <location filename="../../ui/planning_widgets.py" line="160"/>
        <source>Desa of the office</source>
        <translation>Desa wilayah kantor</translation>
    </message>
    <message>
        <location filename="../../ui/planning_widgets.py" line="173"/>
        <source>type part of the name to search the office&apos;s desa</source>
        <translation>ketik sebagian nama untuk mencari desa wilayah kantor</translation>
    </message>
    <message>
        <location filename="../../ui/planning_widgets.py" line="175"/>
        <source>no desa list from the office yet: type the name and code</source>
        <translation>belum ada daftar desa dari kantor: ketik nama dan kodenya</translation>
    </message>
</context>
<context>
    <name>DeviceBackends</name>
    <message>
        <location filename="../../ui/device_catalogue.py" line="155"/>
        <source>simulator (single-finger sensor)</source>
        <translation>simulator (sensor satu jari)</translation>
    </message>
    <message>
        <location filename="../../ui/device_catalogue.py" line="156"/>
        <source>simulator (one-eye camera)</source>
        <translation>simulator (kamera satu mata)</translation>
    </message>
    <message>
        <location filename="../../ui/device_catalogue.py" line="157"/>
        <source>USB camera</source>
        <translation>kamera USB</translation>
    </message>
    <message>
        <location filename="../../ui/device_catalogue.py" line="158"/>
        <source>MOSIP SBI device service</source>
        <translation>layanan perangkat MOSIP SBI</translation>
    </message>
    <message>
        <location filename="../../ui/device_catalogue.py" line="159"/>
        <source>fingerprint sensor on a serial port</source>
        <translation>sensor sidik jari di port serial</translation>
    </message>
    <message>
        <location filename="../../ui/device_catalogue.py" line="160"/>
        <source>signature pad on a serial port</source>
        <translation>bantalan tanda tangan di port serial</translation>
    </message>
    <message>
        <location filename="../../ui/device_catalogue.py" line="161"/>
        <source>USB card reader</source>
        <translation>pembaca kartu USB</translation>
    </message>
</context>
<context>
    <name>DevicesPanel</name>
    <message>
        <location filename="../../ui/devices_panel.py" line="24"/>
        <source>Devices</source>
        <translation>Perangkat</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="26"/>
        <source>Face camera</source>
        <translation>Kamera wajah</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="27"/>
        <source>Fingerprint scanner</source>
        <translation>Pemindai sidik jari</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="28"/>
        <source>Iris camera</source>
        <translation>Kamera iris</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="29"/>
        <source>Signature pad</source>
        <translation>Bantalan tanda tangan</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="30"/>
        <source>Card reader</source>
        <translation>Pembaca kartu</translation>
    </message>
    <message>
        <location filename="../../ui/device_catalogue.py" line="37"/>
        <source>Not checked yet</source>
        <translation>Belum diperiksa</translation>
    </message>
    <message>
        <location filename="../../ui/device_catalogue.py" line="39"/>
        <source>Ready</source>
        <translation>Siap</translation>
    </message>
    <message>
        <location filename="../../ui/device_catalogue.py" line="40"/>
        <source>Busy</source>
        <translation>Sibuk</translation>
    </message>
    <message>
        <location filename="../../ui/device_catalogue.py" line="41"/>
        <source>Not ready</source>
        <translation>Belum siap</translation>
    </message>
    <message>
        <location filename="../../ui/device_catalogue.py" line="42"/>
        <source>Disconnected</source>
        <translation>Terputus</translation>
    </message>
    <message>
        <location filename="../../ui/device_catalogue.py" line="43"/>
        <source>Error</source>
        <translation>Gangguan</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="275"/>
        <source>◌ Checking…</source>
        <translation>◌ Memeriksa…</translation>
    </message>
    <message>
        <location filename="../../ui/device_catalogue.py" line="154"/>
        <source>simulator (training)</source>
        <translation>simulator (latihan)</translation>
    </message>
</context>
<context>
    <name>DiscardDraftDialog</name>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="86"/>
        <source>Discard a draft</source>
        <translation>Buang draf</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="87"/>
        <source>The draft of %1 and all its captures will be erased from this laptop.</source>
        <translation>Draf %1 beserta semua hasil rekamnya akan dihapus dari laptop ini.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="92"/>
        <source>why, e.g. consent withdrawn (required)</source>
        <translation>alasannya, mis. persetujuan ditarik (wajib)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="91"/>
        <source>Discard the draft</source>
        <translation>Buang draf</translation>
    </message>
</context>
<context>
    <name>DocumentActions</name>
    <message>
        <location filename="../../ui/report_files.py" line="94"/>
        <source>Print…</source>
        <translation>Cetak…</translation>
    </message>
    <message>
        <location filename="../../ui/report_files.py" line="96"/>
        <location filename="../../ui/report_files.py" line="212"/>
        <source>Save as…</source>
        <translation>Simpan sebagai…</translation>
    </message>
    <message>
        <location filename="../../ui/report_files.py" line="98"/>
        <source>Open in PDF viewer</source>
        <translation>Buka di penampil PDF</translation>
    </message>
    <message>
        <location filename="../../ui/report_files.py" line="111"/>
        <location filename="../../ui/report_files.py" line="213"/>
        <source>Open folder</source>
        <translation>Buka folder</translation>
    </message>
    <message>
        <location filename="../../ui/report_files.py" line="129"/>
        <source>Choose a document in the list.</source>
        <translation>Pilih dokumen di daftar.</translation>
    </message>
    <message>
        <location filename="../../ui/report_files.py" line="131"/>
        <source>Copy saved at: %1</source>
        <translation>Salinan disimpan di: %1</translation>
    </message>
    <message>
        <location filename="../../ui/report_files.py" line="133"/>
        <source>The file is at: %1</source>
        <translation>Berkas ada di: %1</translation>
    </message>
    <message>
        <location filename="../../ui/report_files.py" line="146"/>
        <source>No file manager opened the folder. The file is at %1: select the path and copy it.</source>
        <translation>Tidak ada pengelola berkas yang membuka folder itu. Berkas ada di %1: pilih alamat itu lalu salin.</translation>
    </message>
    <message>
        <location filename="../../ui/report_files.py" line="156"/>
        <location filename="../../ui/report_files.py" line="175"/>
        <location filename="../../ui/report_files.py" line="192"/>
        <location filename="../../ui/report_files.py" line="228"/>
        <source>Choose a document first.</source>
        <translation>Pilih dokumen dulu.</translation>
    </message>
    <message>
        <location filename="../../ui/report_files.py" line="163"/>
        <source>Save the document as</source>
        <translation>Simpan dokumen sebagai</translation>
    </message>
    <message>
        <location filename="../../ui/report_files.py" line="165"/>
        <source>PDF files (*.pdf)</source>
        <translation>Berkas PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/report_files.py" line="183"/>
        <source>Saved: %1</source>
        <translation>Disimpan: %1</translation>
    </message>
    <message>
        <location filename="../../ui/report_files.py" line="196"/>
        <source>Sent to the PDF viewer. If no window opens, use Print… or Save as… here.</source>
        <translation>Dikirim ke penampil PDF. Bila tidak ada jendela yang terbuka, pakai Cetak… atau Simpan sebagai… di sini.</translation>
    </message>
    <message>
        <location filename="../../ui/report_files.py" line="199"/>
        <source>No PDF viewer is set up on this computer.</source>
        <translation>Belum ada penampil PDF di komputer ini.</translation>
    </message>
    <message>
        <location filename="../../ui/report_files.py" line="204"/>
        <source>No PDF viewer</source>
        <translation>Tidak ada penampil PDF</translation>
    </message>
    <message>
        <location filename="../../ui/report_files.py" line="207"/>
        <source>No PDF viewer is set up on this computer, so the document cannot be opened here. You can print it with Print…, save a copy (for example on a USB stick) to open it on another computer, or open its folder. The file is at %1.</source>
        <translation>Belum ada penampil PDF di komputer ini, jadi dokumen tidak dapat dibuka di sini. Dokumen dapat dicetak dengan Cetak…, disalin dengan Simpan sebagai… (misalnya ke flashdisk) untuk dibuka di komputer lain, atau dilihat foldernya. Berkas ada di %1.</translation>
    </message>
    <message>
        <location filename="../../ui/report_files.py" line="245"/>
        <source>Preparing %1 for the printer…</source>
        <translation>Menyiapkan %1 untuk pencetak…</translation>
    </message>
    <message>
        <location filename="../../ui/report_files.py" line="257"/>
        <source>Cannot print: this file could not be read as a PDF (damaged or not FieldKit&apos;s). Make the document again, or save it with Save as… and print it from another computer.</source>
        <translation>Tidak dapat mencetak: berkas ini tidak dapat dibaca sebagai PDF (rusak atau bukan buatan FieldKit). Buat dokumennya lagi, atau simpan dengan Simpan sebagai… lalu cetak dari komputer lain.</translation>
    </message>
    <message>
        <location filename="../../ui/report_files.py" line="276"/>
        <source>The printer could not be started.</source>
        <translation>Pencetak tidak dapat dimulai.</translation>
    </message>
    <message>
        <location filename="../../ui/report_files.py" line="288"/>
        <source>%1 was sent to the printer.</source>
        <translation>%1 sudah dikirim ke pencetak.</translation>
    </message>
</context>
<context>
    <name>DraftsTab</name>
    <message>
        <location filename="../../ui/enrollment/drafts_tab.py" line="46"/>
        <source>Name</source>
        <extracomment>A draft was discarded: the visit&apos;s lists are read again.</extracomment>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/drafts_tab.py" line="46"/>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/drafts_tab.py" line="46"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/drafts_tab.py" line="46"/>
        <source>Still to do</source>
        <translation>Masih kurang</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/drafts_tab.py" line="53"/>
        <source>No recording is paused on this visit.</source>
        <translation>Tidak ada perekaman yang dijeda pada kunjungan ini.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/drafts_tab.py" line="54"/>
        <source>A recording paused with the Pause button appears here, to be resumed later.</source>
        <translation>Perekaman yang dijeda dengan tombol Jeda muncul di sini dan dapat dilanjutkan nanti.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/drafts_tab.py" line="57"/>
        <source>Resume the selected draft</source>
        <translation>Lanjutkan draf yang dipilih</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/drafts_tab.py" line="59"/>
        <source>Discard the selected draft…</source>
        <translation>Buang draf yang dipilih…</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/drafts_tab.py" line="73"/>
        <location filename="../../ui/enrollment/drafts_tab.py" line="87"/>
        <source>Pick a draft first.</source>
        <translation>Pilih dulu draf.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/drafts_tab.py" line="105"/>
        <source>Draft discarded; its captures are erased.</source>
        <translation>Draf dibuang; hasil rekamnya dihapus.</translation>
    </message>
</context>
<context>
    <name>EnrollmentPage</name>
    <message>
        <location filename="../../ui/enrollment/page.py" line="119"/>
        <source>Visit</source>
        <extracomment>The draft&apos;s current step after every change (a ``Step`` value). The officer asked to go to Sinkronisasi (to enroll this laptop). The draft and step on screen: leaving them clears the status line.</extracomment>
        <translation>Kunjungan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/page.py" line="205"/>
        <source>Pause</source>
        <translation>Jeda</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/page.py" line="208"/>
        <source>Pause: keep the draft for later</source>
        <translation>Jeda: simpan draf untuk nanti</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/page.py" line="258"/>
        <source>New enrollments are blocked until this laptop syncs with the data center. Drafts already started can still be finished.</source>
        <translation>Perekaman baru diblokir sampai laptop ini sinkron dengan data center. Draf yang sudah dimulai tetap dapat diselesaikan.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/page.py" line="370"/>
        <source>Paused. The draft is kept; resume it from the Drafts tab.</source>
        <translation>Dijeda. Draf disimpan; lanjutkan dari tab Draf.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/page.py" line="378"/>
        <source>the person on screen</source>
        <translation>orang yang sedang direkam</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/enrollment/page.py" line="392"/>
        <source>Record %1 sealed (%n flag(s) for the ketua tim); its plaintext is erased.</source>
        <translation>
            <numerusform>Rekaman %1 disegel (%Ln tanda untuk ketua tim); kini hanya pusat data yang dapat membukanya.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EnrollmentWords</name>
    <message>
        <location filename="../../ui/enrollment/words.py" line="30"/>
        <source>Consent</source>
        <translation>Persetujuan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="31"/>
        <source>Face</source>
        <translation>Wajah</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="32"/>
        <source>Fingers</source>
        <translation>Sidik jari</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="33"/>
        <source>Irises</source>
        <translation>Iris</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="34"/>
        <source>Signature</source>
        <translation>Tanda tangan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="35"/>
        <source>Review</source>
        <translation>Periksa</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="38"/>
        <source>not captured</source>
        <translation>belum direkam</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="39"/>
        <source>below the threshold</source>
        <translation>di bawah ambang</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="40"/>
        <source>good</source>
        <translation>baik</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="41"/>
        <source>kept below threshold (flagged)</source>
        <translation>disimpan di bawah ambang (ditandai)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="42"/>
        <source>exception (flagged)</source>
        <translation>pengecualian (ditandai)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="45"/>
        <source>recorded</source>
        <translation>terekam</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="46"/>
        <source>not at home</source>
        <translation>tidak di rumah</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="47"/>
        <source>refused</source>
        <translation>menolak</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="48"/>
        <source>deceased</source>
        <translation>meninggal dunia</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="49"/>
        <source>moved away</source>
        <translation>pindah</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="50"/>
        <source>unable to record</source>
        <translation>tidak dapat direkam</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="51"/>
        <source>to visit again</source>
        <translation>dikunjungi ulang</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="54"/>
        <source>Amputated / missing</source>
        <translation>Diamputasi / tidak ada</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="55"/>
        <source>Bandaged / injured</source>
        <translation>Diperban / luka</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="56"/>
        <source>Worn / unreadable</source>
        <translation>Aus / tidak terbaca</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="57"/>
        <source>Tremor</source>
        <translation>Tremor</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="58"/>
        <source>Blind / eye disease</source>
        <translation>Tunanetra / penyakit mata</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="59"/>
        <source>Unable to cooperate</source>
        <translation>Tidak dapat bekerja sama</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="60"/>
        <source>Other</source>
        <translation>Lainnya</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="68"/>
        <source>Both eyes</source>
        <translation>Kedua mata</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="79"/>
        <source>Right eye</source>
        <translation>Mata kanan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="79"/>
        <source>Left eye</source>
        <translation>Mata kiri</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/words.py" line="93"/>
        <source>Consent: not recorded</source>
        <translation>Persetujuan: belum dicatat</translation>
    </message>
</context>
<context>
    <name>ExceptionDialog</name>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="205"/>
        <source>Biometric exception</source>
        <extracomment>The dialog&apos;s own entry for a blind person: it records one exception per eye.</extracomment>
        <translation>Pengecualian biometrik</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="214"/>
        <source>Both eyes</source>
        <translation>Kedua mata</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="226"/>
        <source>Permanent</source>
        <translation>Permanen</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="227"/>
        <source>Temporary (re-record later)</source>
        <translation>Sementara (rekam ulang nanti)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="236"/>
        <source>description (required for &apos;other&apos;)</source>
        <translation>keterangan (wajib untuk &apos;lainnya&apos;)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="265"/>
        <source>No proof photo yet: take one to record the exception.</source>
        <translation>Belum ada foto bukti: ambil foto dulu untuk mencatat pengecualian.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="246"/>
        <source>Finger or eye</source>
        <translation>Jari atau mata</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="238"/>
        <location filename="../../ui/enrollment/dialogs.py" line="261"/>
        <source>Take the proof photo of what the live view shows</source>
        <translation>Ambil foto bukti dari yang tampak di tampilan langsung</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="247"/>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="248"/>
        <source>Duration</source>
        <translation>Jangka waktu</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="249"/>
        <source>In words</source>
        <translation>Keterangan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="250"/>
        <source>Proof photo</source>
        <translation>Foto bukti</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="260"/>
        <source>Take photo</source>
        <translation>Ambil foto</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="266"/>
        <source>Proof photo taken</source>
        <translation>Foto bukti yang diambil</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="307"/>
        <source>Taking the photo…</source>
        <translation>Mengambil foto…</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="320"/>
        <source>Retake</source>
        <translation>Ambil ulang</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="352"/>
        <source>Discard this exception?</source>
        <translation>Buang pengecualian ini?</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="355"/>
        <source>The proof photo and the reason will not be recorded.</source>
        <translation>Foto bukti dan alasannya tidak akan dicatat.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="357"/>
        <source>Discard</source>
        <translation>Buang</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="358"/>
        <source>Back to the exception</source>
        <translation>Kembali ke pengecualian</translation>
    </message>
</context>
<context>
    <name>EyeStates</name>
    <message>
        <location filename="../../ui/enrollment/eye_states.py" line="56"/>
        <source>exception, not captured</source>
        <extracomment>Each state&apos;s look (ui.design&apos;s status colours, readable in every theme).</extracomment>
        <translation>pengecualian, tidak direkam</translation>
    </message>
</context>
<context>
    <name>FingerMap</name>
    <message>
        <location filename="../../ui/capture_widgets.py" line="337"/>
        <source>Left hand</source>
        <extracomment>A finger cell&apos;s border and padding on each side, in pixels. Room beyond the longest word, so its ends are never at the border.</extracomment>
        <translation>Tangan kiri</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="337"/>
        <source>Right hand</source>
        <translation>Tangan kanan</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="376"/>
        <source>Thumb</source>
        <translation>Ibu jari</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="377"/>
        <source>Index</source>
        <translation>Telunjuk</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="378"/>
        <source>Middle</source>
        <translation>Jari tengah</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="379"/>
        <source>Ring</source>
        <translation>Jari manis</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="380"/>
        <source>Little</source>
        <translation>Kelingking</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="386"/>
        <source>captured</source>
        <translation>terekam</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="388"/>
        <source>exception</source>
        <translation>pengecualian</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="390"/>
        <source>below threshold</source>
        <translation>di bawah ambang</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="391"/>
        <source>pending</source>
        <translation>belum</translation>
    </message>
</context>
<context>
    <name>FirstLoginDialog</name>
    <message>
        <location filename="../../ui/first_login_dialog.py" line="81"/>
        <location filename="../../ui/first_login_dialog.py" line="82"/>
        <source>First login of a new officer</source>
        <extracomment>The first login worked and the window is now this officer&apos;s (an ``OfficerInfo``).</extracomment>
        <translation>Masuk pertama kali petugas baru</translation>
    </message>
    <message>
        <location filename="../../ui/first_login_dialog.py" line="89"/>
        <source>For an officer the office added: choose your name, type the one-time code the office gave you, and choose your password.</source>
        <translation>Untuk petugas yang ditambahkan kantor: pilih nama Anda, ketik kode sekali pakai dari kantor, lalu buat kata sandi Anda.</translation>
    </message>
    <message>
        <location filename="../../ui/first_login_dialog.py" line="95"/>
        <location filename="../../ui/first_login_dialog.py" line="101"/>
        <source>New officer</source>
        <translation>Petugas baru</translation>
    </message>
    <message>
        <location filename="../../ui/first_login_dialog.py" line="97"/>
        <source>One-time code from the office</source>
        <translation>Kode sekali pakai dari kantor</translation>
    </message>
    <message>
        <location filename="../../ui/first_login_dialog.py" line="98"/>
        <source>for example: K7QM-3XPA-HW9N</source>
        <translation>contoh: K7QM-3XPA-HW9N</translation>
    </message>
    <message>
        <location filename="../../ui/first_login_dialog.py" line="102"/>
        <source>One-time code</source>
        <translation>Kode sekali pakai</translation>
    </message>
    <message>
        <location filename="../../ui/first_login_dialog.py" line="109"/>
        <source>Log in as this officer</source>
        <translation>Masuk sebagai petugas ini</translation>
    </message>
    <message>
        <location filename="../../ui/first_login_dialog.py" line="132"/>
        <source>No officer from the office is waiting for a first login on this laptop. Sync first: the office&apos;s package brings new officers.</source>
        <translation>Tidak ada petugas dari kantor yang menunggu login pertama di laptop ini. Sinkronkan dulu: paket kantor membawa petugas baru.</translation>
    </message>
    <message>
        <location filename="../../ui/first_login_dialog.py" line="171"/>
        <source>Type the one-time code from the office.</source>
        <translation>Ketik kode sekali pakai dari kantor.</translation>
    </message>
    <message>
        <location filename="../../ui/first_login_dialog.py" line="175"/>
        <source>Type the new password twice.</source>
        <translation>Ketik kata sandi baru dua kali.</translation>
    </message>
    <message>
        <location filename="../../ui/first_login_dialog.py" line="184"/>
        <source>The two passwords differ; type them again.</source>
        <translation>Kedua kata sandi berbeda; ketik lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/first_login_dialog.py" line="155"/>
        <source>Checking the code…</source>
        <translation>Memeriksa kode…</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="166"/>
        <source>Set up FieldKit on this laptop</source>
        <translation>Siapkan FieldKit di laptop ini</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="166"/>
        <source>Create</source>
        <translation>Buat</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="170"/>
        <source>No FieldKit data was found in %1. Create it with the first admin account.</source>
        <translation>Data FieldKit tidak ditemukan di %1. Buat dengan akun admin pertama.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="181"/>
        <source>Office (regency code)</source>
        <translation>Kantor (kode kabupaten/kota)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="182"/>
        <source>User name</source>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="183"/>
        <source>Full name</source>
        <translation>Nama lengkap</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="184"/>
        <source>Password</source>
        <translation>Kata sandi</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="185"/>
        <source>Repeat password</source>
        <translation>Ulangi kata sandi</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="189"/>
        <source>The two passwords differ.</source>
        <translation>Kedua kata sandi tidak sama.</translation>
    </message>
</context>
<context>
    <name>ForceDialog</name>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="51"/>
        <source>Keep below the threshold</source>
        <extracomment>Height of a thumbnail or a proof photo on screen, in pixels.</extracomment>
        <translation>Simpan di bawah ambang</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="54"/>
        <source>Worn prints (age, farm work)</source>
        <translation>Sidik jari aus (usia, kerja tani)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="55"/>
        <source>Skin condition (dry, wet, scarred)</source>
        <translation>Kondisi kulit (kering, basah, bekas luka)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="56"/>
        <source>Cannot cooperate (tremor, agitation)</source>
        <translation>Tidak dapat bekerja sama (tremor, gelisah)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="57"/>
        <source>Eye condition (cataract, drooping lid)</source>
        <translation>Kondisi mata (katarak, kelopak turun)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="58"/>
        <source>Device limit (light, space)</source>
        <translation>Keterbatasan alat (cahaya, ruang)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="59"/>
        <source>Time limit (the person is exhausted)</source>
        <translation>Batas waktu (orang ini kelelahan)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="60"/>
        <source>Other</source>
        <translation>Lainnya</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="65"/>
        <source>what happened, for the ketua tim</source>
        <translation>apa yang terjadi, untuk ketua tim</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="72"/>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="73"/>
        <source>In words</source>
        <translation>Keterangan</translation>
    </message>
</context>
<context>
    <name>HandoverPage</name>
    <message>
        <location filename="../../ui/handover_page.py" line="136"/>
        <source>Name</source>
        <extracomment>The data center&apos;s state in words, said for the chosen card (issue 48). The first cell&apos;s promise date (issue 49 §1): the day the family&apos;s receipt named. A card&apos;s state as a pill: its kind and symbol, as the app&apos;s pills have them (● ready, as &quot;Siap&quot;; ✔ done, as &quot;terekam&quot;); amber while a courier has it and nobody signed yet.</extracomment>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="137"/>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="138"/>
        <source>Desa</source>
        <translation>Desa</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="139"/>
        <source>Recorded</source>
        <translation>Direkam</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="140"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="144"/>
        <source>Printed cards</source>
        <translation>Kartu tercetak</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="153"/>
        <source>Show cards already handed over</source>
        <translation>Tampilkan juga kartu yang sudah diserahkan</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="155"/>
        <source>Printed cards from the data center</source>
        <translation>Kartu tercetak dari data center</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="190"/>
        <location filename="../../ui/handover_page.py" line="318"/>
        <source>Choose a card in the list.</source>
        <translation>Pilih kartu di daftar.</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="192"/>
        <source>1. Read the card on the reader</source>
        <translation>1. Baca kartu di pembaca kartu</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="197"/>
        <source>who receives the card (required)</source>
        <translation>siapa yang menerima kartu (wajib)</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="200"/>
        <source>optional, e.g. received at the hospital</source>
        <translation>tidak wajib, mis. diterima di rumah sakit</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="201"/>
        <source>2. The recipient signs on the pad</source>
        <translation>2. Penerima tanda tangan di bantalan</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="204"/>
        <source>3. Hand the card over</source>
        <translation>3. Serahkan kartu</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="211"/>
        <location filename="../../ui/handover_page.py" line="239"/>
        <source>Recipient</source>
        <translation>Penerima</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="212"/>
        <location filename="../../ui/handover_page.py" line="240"/>
        <source>Relation</source>
        <translation>Hubungan</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="213"/>
        <location filename="../../ui/handover_page.py" line="241"/>
        <source>Note</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="328"/>
        <source>Promised by %1.</source>
        <translation>Dijanjikan paling lambat %1.</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="331"/>
        <source>Data center: %1.</source>
        <translation>Pusat data: %1.</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="563"/>
        <source>No printed card waits for its handover. Cards appear here after the data center marks them printed: send the records and receive the news in Sinkronisasi (Send records now).</source>
        <translation>Belum ada kartu tercetak yang menunggu diserahkan. Kartu muncul di sini setelah pusat data menandainya tercetak: kirim rekaman dan terima kabarnya di Sinkronisasi (Kirim rekaman sekarang).</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="173"/>
        <source>The berita acara serah terima of the day is made in Laporan.</source>
        <translation>Berita acara serah terima hari ini dibuat di Laporan.</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="163"/>
        <source>Way of handing over</source>
        <translation>Cara serah terima</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="164"/>
        <source>To the owner</source>
        <translation>Langsung</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="170"/>
        <source>To a courier</source>
        <translation>Lewat kurir</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="171"/>
        <source>Courier&apos;s delivery</source>
        <translation>Pengantaran kurir</translation>
    </message>
    <message>
        <location filename="../../ui/handover_courier.py" line="60"/>
        <source>Choose a card in the list and read it into the batch; do so for every card the courier takes. The courier then signs one receipt for all of them.</source>
        <extracomment>A bare call, which lupdate extracts with its literal context. The chosen card is to be read into the batch (the screen reads it). The courier is to sign on the pad (the screen takes the signature). What may be done next changed: the screen opens or closes the steps. The batch left with the courier: the list of cards changed. (record id, card UID, the person&apos;s name) per card read into the batch.</extracomment>
        <translation>Pilih kartu di daftar lalu baca ke dalam kiriman; ulangi untuk setiap kartu yang dibawa kurir. Kurir lalu menandatangani satu tanda terima untuk semuanya.</translation>
    </message>
    <message>
        <location filename="../../ui/handover_courier.py" line="68"/>
        <source>1. Read the card into the batch</source>
        <translation>1. Baca kartu ke dalam kiriman</translation>
    </message>
    <message>
        <location filename="../../ui/handover_courier.py" line="72"/>
        <source>Courier&apos;s batch</source>
        <translation>Kiriman kurir</translation>
    </message>
    <message>
        <location filename="../../ui/handover_courier.py" line="76"/>
        <source>Take the chosen card out of the batch</source>
        <translation>Keluarkan kartu terpilih dari kiriman</translation>
    </message>
    <message>
        <location filename="../../ui/handover_courier.py" line="80"/>
        <source>courier&apos;s name (required)</source>
        <translation>nama kurir (wajib)</translation>
    </message>
    <message>
        <location filename="../../ui/handover_courier.py" line="83"/>
        <source>e.g. Becak Pintar, PT Pos Indonesia (required)</source>
        <translation>mis. Becak Pintar, PT Pos Indonesia (wajib)</translation>
    </message>
    <message>
        <location filename="../../ui/handover_courier.py" line="86"/>
        <source>2. The courier signs on the pad</source>
        <translation>2. Kurir tanda tangan di bantalan</translation>
    </message>
    <message>
        <location filename="../../ui/handover_courier.py" line="91"/>
        <source>3. Give the cards to the courier</source>
        <translation>3. Serahkan kartu ke kurir</translation>
    </message>
    <message>
        <location filename="../../ui/handover_courier.py" line="105"/>
        <source>Courier</source>
        <translation>Kurir</translation>
    </message>
    <message>
        <location filename="../../ui/handover_courier.py" line="106"/>
        <source>Organisation</source>
        <translation>Instansi/ekspedisi</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="225"/>
        <source>who received the card from the courier (required)</source>
        <translation>siapa yang menerima kartu dari kurir (wajib)</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="229"/>
        <source>optional, e.g. courier&apos;s report no. 12</source>
        <translation>opsional, mis. laporan kurir no. 12</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="230"/>
        <source>The recipient signs on the pad</source>
        <translation>Penerima tanda tangan di bantalan</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="233"/>
        <source>No signature here: as the courier reports it</source>
        <translation>Tanpa tanda tangan di sini: menurut laporan kurir</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="235"/>
        <source>Record the delivery</source>
        <translation>Catat pengantaran</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="321"/>
        <source>Card of %1 (NIK %2).</source>
        <translation>Kartu milik %1 (NIK %2).</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="342"/>
        <source>%1 It is not with a courier: nothing to record here.</source>
        <translation>%1 Kartu ini tidak sedang di kurir: tidak ada yang perlu dicatat di sini.</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="390"/>
        <location filename="../../ui/handover_page.py" line="531"/>
        <source>Choose a card in the list first.</source>
        <translation>Pilih dulu kartu di daftar.</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="393"/>
        <source>Put the card on the reader…</source>
        <translation>Letakkan kartu di pembaca kartu…</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="434"/>
        <source>Card %1 is now bound to this record. Check the name and NIK printed on it.</source>
        <translation>Kartu %1 kini terikat ke rekaman ini. Periksa nama dan NIK yang tercetak di kartu.</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="437"/>
        <source>Card %1 is the card bound to this record.</source>
        <translation>Kartu %1 adalah kartu yang terikat ke rekaman ini.</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="447"/>
        <source>The courier signs on the pad now…</source>
        <translation>Kurir tanda tangan di bantalan sekarang…</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="474"/>
        <source>Nobody signed on the pad. Ask them to sign again.</source>
        <translation>Belum ada tanda tangan di bantalan. Minta tanda tangan sekali lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/handover_courier.py" line="166"/>
        <source>Read the cards and take the courier&apos;s signature first.</source>
        <translation>Baca kartunya dan ambil tanda tangan kurir dulu.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/handover_courier.py" line="189"/>
        <source>%n card(s) given to the courier %1.</source>
        <translation>
            <numerusform>%Ln kartu diserahkan ke kurir %1.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="535"/>
        <source>Let the recipient sign, or tick that the courier reported it.</source>
        <translation>Minta penerima tanda tangan, atau centang bahwa kurir yang melaporkannya.</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="557"/>
        <source>The delivery to %1 is recorded.</source>
        <translation>Pengantaran kepada %1 sudah dicatat.</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="427"/>
        <source>Card read.</source>
        <translation>Kartu terbaca.</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="336"/>
        <source>%1 It is with a courier: record its delivery under “Courier&apos;s delivery”.</source>
        <translation>%1 Kartu ini ada di kurir: catat pengantarannya di “Pengantaran kurir”.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/handover_courier.py" line="133"/>
        <source>%1 In the courier&apos;s batch: %n card(s).</source>
        <translation>
            <numerusform>%1 Di kiriman kurir: %Ln kartu.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/handover_courier.py" line="145"/>
        <source>In the courier&apos;s batch: %n card(s).</source>
        <translation>
            <numerusform>Di kiriman kurir: %Ln kartu.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/handover_courier.py" line="153"/>
        <source>The batch changed: the courier signs again.</source>
        <translation>Kiriman berubah: kurir tanda tangan lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="444"/>
        <location filename="../../ui/handover_page.py" line="450"/>
        <source>The recipient signs on the pad now…</source>
        <translation>Penerima tanda tangan di bantalan sekarang…</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="478"/>
        <source>✔ Signed.</source>
        <translation>✔ Sudah ditandatangani.</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="488"/>
        <source>Signature taken.</source>
        <translation>Tanda tangan diambil.</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="504"/>
        <source>Read the card and take the signature first.</source>
        <translation>Baca kartu dan ambil tanda tangan dulu.</translation>
    </message>
    <message>
        <location filename="../../ui/handover_page.py" line="525"/>
        <source>The card was handed over to %1.</source>
        <translation>Kartu sudah diserahkan kepada %1.</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../ui/home_page.py" line="101"/>
        <source>Data center not enrolled: records are sealed with the demo key</source>
        <extracomment>The office&apos;s address or contact is not set: the family&apos;s receipt prints &quot;-&quot;. The store&apos;s and the audit chain&apos;s check has answered and the labels show it.</extracomment>
        <translation>Data center belum terdaftar: rekaman disegel dengan kunci demo</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="116"/>
        <source>This laptop is not enrolled with a data center yet, so recording cannot start: what it recorded could never be delivered. Enroll it on the Sync screen with the enrollment file from the operator.</source>
        <translation>Laptop ini belum terdaftar di data center, jadi perekaman belum bisa dimulai: hasil rekaman tidak akan pernah bisa dikirim. Daftarkan laptop di layar Sinkronisasi dengan berkas pendaftaran dari operator.</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="122"/>
        <source>Open Sync</source>
        <translation>Buka Sinkronisasi</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="250"/>
        <source>The office&apos;s address and contact are not set: the family&apos;s receipt and the letters print &quot;-&quot; where they go.</source>
        <translation>Alamat dan kontak kantor belum diisi: bukti perekaman untuk keluarga dan surat-surat mencetak &quot;-&quot; di tempatnya.</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="255"/>
        <source>The office&apos;s address and contact are not set: the family&apos;s receipt prints &quot;-&quot; where they go. Ask the admin to fill in the letterhead in Laporan.</source>
        <translation>Alamat dan kontak kantor belum diisi: bukti perekaman untuk keluarga mencetak &quot;-&quot; di tempatnya. Minta admin mengisi kop surat di Laporan.</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="139"/>
        <source>Fill in the letterhead</source>
        <translation>Isi kop surat</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="150"/>
        <source>This laptop</source>
        <translation>Laptop ini</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="162"/>
        <source>Office</source>
        <translation>Kantor</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="163"/>
        <source>Officer</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="164"/>
        <source>Data store</source>
        <translation>Penyimpanan data</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="165"/>
        <source>Audit log</source>
        <translation>Log audit</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="166"/>
        <source>Backups</source>
        <translation>Cadangan</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="170"/>
        <source>Records and sync</source>
        <translation>Rekaman dan sinkronisasi</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="177"/>
        <source>Sealed records</source>
        <translation>Rekaman tersegel</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="178"/>
        <source>Waiting for the data center</source>
        <translation>Menunggu data center</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="179"/>
        <source>Last sync</source>
        <translation>Sinkronisasi terakhir</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="184"/>
        <location filename="../../ui/home_page.py" line="187"/>
        <source>Today&apos;s visits</source>
        <translation>Kunjungan hari ini</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="190"/>
        <source>Time</source>
        <translation>Jam</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="191"/>
        <source>Place</source>
        <translation>Tempat</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="192"/>
        <source>Team</source>
        <translation>Tim</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="193"/>
        <source>Targets</source>
        <translation>Sasaran</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="194"/>
        <source>Done</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="195"/>
        <source>Left</source>
        <translation>Sisa</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="202"/>
        <source>No visits planned for today.</source>
        <translation>Tidak ada kunjungan yang dijadwalkan hari ini.</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="307"/>
        <source>✔ healthy, encrypted</source>
        <translation>✔ sehat, terenkripsi</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="309"/>
        <source>✖ DAMAGED: %1</source>
        <translation>✖ RUSAK: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/home_page.py" line="313"/>
        <source>✔ intact, %n event(s)</source>
        <translation>
            <numerusform>✔ utuh, %Ln kejadian</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="323"/>
        <source>✖ OLDER than the data center saw: the events from %1 on are missing (an older copy of the store?). Tell the admin.</source>
        <translation>✖ LEBIH LAMA dari yang dilihat data center: peristiwa sejak %1 hilang (salinan penyimpanan yang lama?). Beri tahu admin.</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="328"/>
        <source>✖ REWRITTEN: the events up to %1 differ from what the data center saw. Tell the admin.</source>
        <translation>✖ DITULIS ULANG: peristiwa sampai %1 berbeda dari yang dilihat data center. Beri tahu admin.</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="331"/>
        <source>✖ BROKEN at event %1</source>
        <translation>✖ RUSAK pada kejadian %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/home_page.py" line="353"/>
        <source>%n day(s) ago (%1)</source>
        <translation>
            <numerusform>%Ln hari lalu (%1)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/home_page.py" line="368"/>
        <source>Sync soon: in %n day(s) new enrollments will be blocked until this laptop syncs.</source>
        <translation>
            <numerusform>Segera sinkronkan: dalam %Ln hari perekaman baru akan diblokir sampai laptop ini disinkronkan.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/home_page.py" line="375"/>
        <source>Sync soon: after %n more record(s) new enrollments will be blocked.</source>
        <translation>
            <numerusform>Segera sinkronkan: setelah %Ln rekaman lagi, perekaman baru akan diblokir.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/home_page.py" line="272"/>
        <source>%n backup(s), latest %1</source>
        <translation>
            <numerusform>%Ln cadangan, terakhir %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="338"/>
        <source>%1 on this laptop (%2 not sent yet, %3 accepted)</source>
        <translation>%1 di laptop ini (%2 belum dikirim, %3 diterima)</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="344"/>
        <source>%1 of at most %2</source>
        <translation>%1 dari paling banyak %2</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="349"/>
        <source>never</source>
        <translation>belum pernah</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="361"/>
        <source>New enrollments are blocked: this laptop has gone too long without a sync, or holds too many records. Sync with the data center now. Recordings already started can still be finished.</source>
        <translation>Perekaman baru diblokir: laptop ini terlalu lama tidak disinkronkan, atau menyimpan terlalu banyak rekaman. Sinkronkan dengan data center sekarang. Perekaman yang sudah dimulai tetap dapat diselesaikan.</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="381"/>
        <source>Within the sync limits: %1 days, %2 waiting records.</source>
        <translation>Masih dalam batas sinkronisasi: %1 hari, %2 rekaman menunggu.</translation>
    </message>
</context>
<context>
    <name>KeepDisagreementDialog</name>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="160"/>
        <location filename="../../ui/enrollment/dialogs.py" line="176"/>
        <source>The NIK disagrees</source>
        <translation>NIK tidak sesuai</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="161"/>
        <source>%1: %2
Correct the form (Cancel), or record with the form as it is and say why; the ketua tim reads the reason.</source>
        <translation>%1: %2
Perbaiki formulir (Batal), atau rekam dengan formulir apa adanya dan tuliskan alasannya; ketua tim membaca alasan itu.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="168"/>
        <source>Record as it is</source>
        <translation>Rekam apa adanya</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="169"/>
        <source>why, e.g. the birth date on the KK was corrected (required)</source>
        <translation>alasannya, mis. tanggal lahir di KK sudah dibetulkan (wajib)</translation>
    </message>
</context>
<context>
    <name>LiveView</name>
    <message>
        <location filename="../../ui/enrollment/proof_camera.py" line="44"/>
        <source>Live view of the face camera</source>
        <translation>Tampilan langsung kamera wajah</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/proof_camera.py" line="45"/>
        <location filename="../../ui/enrollment/proof_camera.py" line="80"/>
        <source>The camera is off.</source>
        <translation>Kamera mati.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/proof_camera.py" line="57"/>
        <source>The face camera is not connected.</source>
        <translation>Kamera wajah tidak terhubung.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/proof_camera.py" line="69"/>
        <source>Starting the camera…</source>
        <translation>Menyalakan kamera…</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/proof_camera.py" line="93"/>
        <source>The camera stopped: %1</source>
        <translation>Kamera berhenti: %1</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="150"/>
        <source>The password is empty: type it first.</source>
        <translation>Kata sandi belum diisi: ketik dulu kata sandinya.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="219"/>
        <source>FieldKit login</source>
        <extracomment>A login ended, in or refused (its error shown); the dialog is accepted after a success.</extracomment>
        <translation>Masuk FieldKit</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="219"/>
        <source>Log in</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="223"/>
        <source>User name</source>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="224"/>
        <source>Password</source>
        <translation>Kata sandi</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="228"/>
        <source>Restore the latest backup</source>
        <translation>Pulihkan cadangan terakhir</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="368"/>
        <source>admin</source>
        <translation>admin</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="369"/>
        <source>team lead</source>
        <translation>ketua tim</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="370"/>
        <source>officer</source>
        <translation>petugas</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="376"/>
        <source>Training mode: made-up data, deleted when the app closes. Accounts: %1. The password of all of them, %2, is filled in.</source>
        <translation>Mode latihan: data rekaan, dihapus saat aplikasi ditutup. Akun: %1. Kata sandi semuanya, %2, sudah terisi.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="287"/>
        <source>Opening the store…</source>
        <translation>Membuka penyimpanan data…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="352"/>
        <source>Restored the backup of %1; the damaged file was kept.</source>
        <translation>Cadangan %1 sudah dipulihkan; berkas yang rusak disimpan.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="123"/>
        <source>FieldKit %1</source>
        <extracomment>The screens&apos; enum and warm-up list are imported from here by ``ui.app`` and the tests. For a screen that does not subscribe to events itself (every screen does today): the events after which it is reloaded whole while it is on show. Set by a caller that asked already (or must not ask: a signal, a test).</extracomment>
        <translation>FieldKit %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="125"/>
        <source>DEMO (training data, deleted on exit)</source>
        <translation>DEMO (data latihan, dihapus saat keluar)</translation>
    </message>
    <message>
        <location filename="../../ui/screens.py" line="168"/>
        <source>Home</source>
        <extracomment>The module imported on first show (``None``: Home, built with the window). Its name in the sidebar, the Go menu and the accessibility tree. Builds the screen for the window; imports its module, so only on first show. Whether an officer may use it (``None``: every role); others are not offered it. Its module loads OpenCV: ``ui.app`` warms it last. Its icon on the navigation rail: a name in ``assets/icons/fluent/`` (see its README). Every screen, in :class:`Page` order (a test checks it).</extracomment>
        <translation>Beranda</translation>
    </message>
    <message>
        <location filename="../../ui/screens.py" line="175"/>
        <source>Planning</source>
        <translation>Perencanaan</translation>
    </message>
    <message>
        <location filename="../../ui/screens.py" line="183"/>
        <source>Enrollment</source>
        <translation>Perekaman</translation>
    </message>
    <message>
        <location filename="../../ui/screens.py" line="192"/>
        <source>Sarpras</source>
        <translation>Sarpras</translation>
    </message>
    <message>
        <location filename="../../ui/screens.py" line="200"/>
        <source>Sync</source>
        <translation>Sinkronisasi</translation>
    </message>
    <message>
        <location filename="../../ui/screens.py" line="208"/>
        <source>Reports</source>
        <translation>Laporan</translation>
    </message>
    <message>
        <location filename="../../ui/screens.py" line="216"/>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <location filename="../../ui/screens.py" line="224"/>
        <source>Review</source>
        <translation>Tinjauan</translation>
    </message>
    <message>
        <location filename="../../ui/screens.py" line="233"/>
        <source>Card handover</source>
        <translation>Serah terima</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="175"/>
        <source>Screens</source>
        <extracomment>The screens in the stack so far (Home, those shown, those replaced).</extracomment>
        <translation>Layar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="194"/>
        <source>&amp;FieldKit</source>
        <translation>&amp;FieldKit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="195"/>
        <source>Back up now</source>
        <translation>Cadangkan sekarang</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="198"/>
        <source>Lock screen</source>
        <translation>Kunci layar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="201"/>
        <location filename="../../ui/main_window.py" line="500"/>
        <source>Switch user</source>
        <translation>Ganti pengguna</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="204"/>
        <location filename="../../ui/main_window.py" line="234"/>
        <source>About FieldKit</source>
        <translation>Tentang FieldKit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="206"/>
        <location filename="../../ui/quitting.py" line="109"/>
        <source>Quit</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="218"/>
        <source>&amp;Go</source>
        <translation>&amp;Layar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="225"/>
        <source>FieldKit %1
Offline e-KTP enrollment for jemput bola teams.
Data folder: %2</source>
        <translation>FieldKit %1
Perekaman KTP-el luring untuk tim jemput bola.
Folder data: %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="229"/>
        <source>Log folder: %1</source>
        <translation>Folder log: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="242"/>
        <source>Open the log folder</source>
        <translation>Buka folder log</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="317"/>
        <location filename="../../ui/main_window.py" line="329"/>
        <source>Cannot show this screen</source>
        <translation>Layar ini tidak dapat ditampilkan</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="407"/>
        <source>Welcome, %1.</source>
        <translation>Selamat datang, %1.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="454"/>
        <source>Backup failed</source>
        <translation>Pencadangan gagal</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="493"/>
        <source>Switch user?</source>
        <translation>Ganti pengguna?</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="498"/>
        <source>It stays if the same officer logs in again at the lock.</source>
        <translation>Isian tetap ada bila petugas yang sama masuk lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="554"/>
        <source>Unsaved typing</source>
        <translation>Isian belum disimpan</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="556"/>
        <source>The previous officer had typed on %1 without saving; another officer logged in, so it was not kept.</source>
        <translation>Petugas sebelumnya sudah mengetik di %1 tanpa menyimpan; karena petugas lain masuk, isian itu tidak dipertahankan.</translation>
    </message>
    <message>
        <location filename="../../ui/quitting.py" line="41"/>
        <source>This is the demo: its training data is deleted when FieldKit closes.</source>
        <translation>Ini mode latihan (demo): datanya dihapus saat FieldKit ditutup.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/quitting.py" line="50"/>
        <source>%n enrollment(s) are not finished. They stay on this laptop, encrypted, and can be resumed from the Drafts tab after the next login.</source>
        <translation>
            <numerusform>%Ln perekaman belum selesai. Datanya tetap tersimpan terenkripsi di laptop ini dan dapat dilanjutkan dari tab Draf setelah masuk lagi.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/quitting.py" line="64"/>
        <source>The recording of %1, open now, is deleted with the training data.</source>
        <translation>Perekaman %1 yang sedang terbuka ikut dihapus bersama data latihan.</translation>
    </message>
    <message>
        <location filename="../../ui/quitting.py" line="69"/>
        <source>The recording of %1, open now, is kept as a draft: resume it from the Drafts tab after the next login.</source>
        <translation>Perekaman %1 yang sedang terbuka disimpan sebagai draf: lanjutkan dari tab Draf setelah masuk lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/quitting.py" line="79"/>
        <source>What was typed and not saved on %1 will be lost.</source>
        <translation>Yang sudah diketik dan belum disimpan di %1 akan hilang.</translation>
    </message>
    <message>
        <location filename="../../ui/quitting.py" line="105"/>
        <source>Quit FieldKit?</source>
        <translation>Keluar dari FieldKit?</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="501"/>
        <location filename="../../ui/quitting.py" line="112"/>
        <source>Stay</source>
        <translation>Tetap di sini</translation>
    </message>
</context>
<context>
    <name>NavigationRail</name>
    <message numerus="yes">
        <location filename="../../ui/navigation.py" line="220"/>
        <source>%n waiting to be sent</source>
        <extracomment>The core&apos;s events after which a count may have changed. The item data role holding a row&apos;s waiting count (an int; 0 or none: no badge). Windows 11&apos;s navigation rows are 40 px high; ours are never lower. The icons&apos; size on the rail (the vendored SVGs are drawn for 24 and scale cleanly). The widest count a badge shows; more reads &quot;99+&quot;. Room inside a badge and around it.</extracomment>
        <translation>
            <numerusform>%Ln menunggu dikirim</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/navigation.py" line="225"/>
        <source>%n waiting for review</source>
        <translation>
            <numerusform>%Ln menunggu tinjauan</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/navigation.py" line="232"/>
        <source>%n unfinished draft(s)</source>
        <translation>
            <numerusform>%Ln draf belum selesai</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NewPasswordDialog</name>
    <message>
        <location filename="../../ui/officers_box.py" line="517"/>
        <source>New password for %1</source>
        <translation>Kata sandi baru untuk %1</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="526"/>
        <source>Save the new password</source>
        <translation>Simpan kata sandi baru</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="537"/>
        <source>The two passwords differ; type them again.</source>
        <translation>Kedua kata sandi berbeda; ketik lagi.</translation>
    </message>
</context>
<context>
    <name>OfficersBox</name>
    <message>
        <location filename="../../ui/officers_box.py" line="83"/>
        <source>Team officers</source>
        <extracomment>The officers table&apos;s column that shows the account&apos;s state, drawn as a pill. A new officer made their first login: the window is now theirs (an ``OfficerInfo``).</extracomment>
        <translation>Petugas tim</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="90"/>
        <source>Add officers, reset a forgotten password, unlock or disable an account, and set the NIP and rank/grade the duty letter prints.</source>
        <translation>Tambah petugas, setel ulang kata sandi yang terlupa, buka kunci atau nonaktifkan akun, dan atur NIP serta pangkat/golongan yang tercetak di surat tugas.</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="94"/>
        <source>An officer the office added logs in here the first time.</source>
        <translation>Petugas yang ditambahkan kantor masuk pertama kali di sini.</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="97"/>
        <source>Manage officers…</source>
        <translation>Kelola petugas…</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="100"/>
        <source>First login of a new officer…</source>
        <translation>Masuk pertama kali petugas baru…</translation>
    </message>
</context>
<context>
    <name>OfficersDialog</name>
    <message>
        <location filename="../../ui/officers_box.py" line="160"/>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="161"/>
        <source>Role</source>
        <translation>Peran</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="162"/>
        <location filename="../../ui/officers_box.py" line="194"/>
        <source>NIP</source>
        <translation>NIP</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="163"/>
        <location filename="../../ui/officers_box.py" line="195"/>
        <source>Rank/grade</source>
        <translation>Pangkat/golongan</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="135"/>
        <location filename="../../ui/officers_box.py" line="136"/>
        <location filename="../../ui/officers_box.py" line="168"/>
        <source>Team officers</source>
        <extracomment>A new officer made their first login here: the window is now theirs.</extracomment>
        <translation>Petugas tim</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="144"/>
        <source>active</source>
        <translation>aktif</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="145"/>
        <source>waiting for the first login</source>
        <translation>menunggu masuk pertama kali</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="146"/>
        <source>disabled</source>
        <translation>nonaktif</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="154"/>
        <source>Office</source>
        <translation>Kantor</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="155"/>
        <source>This laptop</source>
        <translation>Laptop ini</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="164"/>
        <source>Account</source>
        <translation>Akun</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="165"/>
        <source>Added by</source>
        <translation>Ditambahkan oleh</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="174"/>
        <source>No officer is registered on this laptop yet.</source>
        <translation>Belum ada petugas yang terdaftar di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="175"/>
        <source>Press &quot;Add officer…&quot;, or sync: the office&apos;s package brings the team.</source>
        <translation>Tekan &quot;Tambah petugas…&quot;, atau sinkronkan: paket dari kantor membawa daftar tim.</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="180"/>
        <source>Officer&apos;s NIP</source>
        <translation>NIP petugas</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="181"/>
        <source>18 digits, as on the SK</source>
        <translation>18 angka, sesuai SK</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="183"/>
        <source>Officer&apos;s rank/grade</source>
        <translation>Pangkat/golongan petugas</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="184"/>
        <source>for example: Penata Muda, III/a</source>
        <translation>misalnya: Penata Muda, III/a</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="187"/>
        <source>Save NIP and rank</source>
        <translation>Simpan NIP dan pangkat</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="189"/>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="190"/>
        <source>Close the officers&apos; list</source>
        <translation>Tutup daftar petugas</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="226"/>
        <source>Add officer…</source>
        <translation>Tambah petugas…</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="228"/>
        <source>Reset password…</source>
        <translation>Setel ulang kata sandi…</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="230"/>
        <source>Unlock</source>
        <translation>Buka kunci</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="232"/>
        <source>Disable…</source>
        <translation>Nonaktifkan…</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="234"/>
        <source>First login of a new officer…</source>
        <translation>Masuk pertama kali petugas baru…</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="308"/>
        <location filename="../../ui/officers_box.py" line="334"/>
        <source>Choose an officer in the list first.</source>
        <translation>Pilih dahulu petugas di daftar.</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="326"/>
        <source>NIP and rank of %1 saved.</source>
        <translation>NIP dan pangkat/golongan %1 disimpan.</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="345"/>
        <source>%1 added; they log in as %2 with the password you gave.</source>
        <translation>%1 ditambahkan; ia masuk sebagai %2 dengan kata sandi yang Anda berikan.</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="358"/>
        <source>New password of %1 saved; tell it to them in person.</source>
        <translation>Kata sandi baru %1 disimpan; sampaikan langsung kepadanya.</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="376"/>
        <source>%1 may log in again (wrong passwords forgotten).</source>
        <translation>%1 dapat masuk lagi (hitungan kata sandi salah dihapus).</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="387"/>
        <source>Disable an officer</source>
        <translation>Nonaktifkan petugas</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="388"/>
        <source>Disable %1?</source>
        <translation>Nonaktifkan %1?</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="394"/>
        <source>They can no longer log in on this laptop; their records and the audit log stay. The store&apos;s key is changed and old backups replaced, which takes a moment.</source>
        <translation>Ia tidak dapat masuk lagi di laptop ini; rekaman dan log audit tetap ada. Kunci penyimpanan diganti dan cadangan lama diperbarui; ini memerlukan sedikit waktu.</translation>
    </message>
    <message>
        <location filename="../../ui/officers_box.py" line="407"/>
        <source>%1 is disabled.</source>
        <translation>%1 dinonaktifkan.</translation>
    </message>
</context>
<context>
    <name>PasswordPair</name>
    <message>
        <location filename="../../ui/first_login_dialog.py" line="54"/>
        <source>Password</source>
        <translation>Kata sandi</translation>
    </message>
    <message>
        <location filename="../../ui/first_login_dialog.py" line="55"/>
        <source>Password again</source>
        <translation>Ulangi kata sandi</translation>
    </message>
</context>
<context>
    <name>PlanningPage</name>
    <message>
        <location filename="../../ui/planning_page.py" line="97"/>
        <source>planned</source>
        <translation>terjadwal</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="98"/>
        <source>cancelled</source>
        <translation>dibatalkan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="99"/>
        <source>done</source>
        <translation>selesai</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="104"/>
        <source>Requests</source>
        <translation>Permohonan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="105"/>
        <source>Visits and teams</source>
        <translation>Kunjungan dan tim</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="106"/>
        <location filename="../../ui/planning_page.py" line="198"/>
        <source>Targets</source>
        <translation>Sasaran</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="116"/>
        <source>New request (surat permohonan)</source>
        <translation>Permohonan baru (surat permohonan)</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="130"/>
        <source>Letter number</source>
        <translation>Nomor surat</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="131"/>
        <source>Letter date</source>
        <translation>Tanggal surat</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="132"/>
        <source>Requester type</source>
        <translation>Jenis pemohon</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="133"/>
        <location filename="../../ui/planning_page.py" line="153"/>
        <source>Requester</source>
        <translation>Pemohon</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="134"/>
        <source>Region code</source>
        <translation>Kode wilayah</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="135"/>
        <source>Subject</source>
        <translation>Perihal</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="136"/>
        <source>Save request</source>
        <translation>Simpan permohonan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="153"/>
        <location filename="../../ui/planning_page.py" line="195"/>
        <location filename="../../ui/planning_page.py" line="266"/>
        <source>Date</source>
        <translation>Tanggal</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="153"/>
        <source>Number</source>
        <translation>Nomor</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="153"/>
        <source>Visits</source>
        <translation>Kunjungan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="156"/>
        <source>Requests table</source>
        <translation>Tabel permohonan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="160"/>
        <source>No request letters yet.</source>
        <translation>Belum ada surat permohonan.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="161"/>
        <source>Fill in the form and click Save request.</source>
        <translation>Isi formulir lalu klik Simpan permohonan.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="184"/>
        <source>Request %1 saved.</source>
        <translation>Permohonan %1 disimpan.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="196"/>
        <location filename="../../ui/planning_page.py" line="268"/>
        <source>Place</source>
        <translation>Tempat</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="197"/>
        <source>Team</source>
        <translation>Tim</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="199"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="203"/>
        <source>Visits table</source>
        <translation>Tabel kunjungan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="211"/>
        <source>No visits planned yet.</source>
        <translation>Belum ada kunjungan yang dijadwalkan.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="212"/>
        <source>Fill in the New visit form and click Plan visit.</source>
        <translation>Isi formulir Kunjungan baru lalu klik Jadwalkan kunjungan.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="217"/>
        <source>Cancel visit…</source>
        <translation>Batalkan kunjungan…</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="219"/>
        <source>Reschedule…</source>
        <translation>Ubah jadwal…</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="236"/>
        <source>New visit</source>
        <translation>Kunjungan baru</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="249"/>
        <source>hospital or panti name</source>
        <translation>nama rumah sakit atau panti</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="262"/>
        <source> weeks</source>
        <translation> minggu</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="263"/>
        <source>once (not repeated)</source>
        <translation>sekali saja (tidak diulang)</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="265"/>
        <source>Request</source>
        <translation>Permohonan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="267"/>
        <source>Start time</source>
        <translation>Jam mulai</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="269"/>
        <source>Place name</source>
        <translation>Nama tempat</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="270"/>
        <source>Desa/kelurahan</source>
        <translation>Desa/kelurahan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="271"/>
        <source>Desa code</source>
        <translation>Kode desa</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="272"/>
        <source>Kecamatan code</source>
        <translation>Kode kecamatan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="273"/>
        <source>Terrain</source>
        <translation>Medan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="274"/>
        <source>Repeat every week for</source>
        <translation>Ulangi tiap minggu selama</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="276"/>
        <source>Plan visit</source>
        <translation>Jadwalkan kunjungan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="279"/>
        <source>Give this team to the chosen visit</source>
        <translation>Tugaskan tim ini ke kunjungan terpilih</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/planning_page.py" line="348"/>
        <source>%n visit(s) planned, the first on %1.</source>
        <translation>
            <numerusform>%Ln kunjungan dijadwalkan, yang pertama pada %1.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="361"/>
        <location filename="../../ui/planning_page.py" line="376"/>
        <location filename="../../ui/planning_page.py" line="397"/>
        <source>Choose a visit in the list first.</source>
        <translation>Pilih dulu sebuah kunjungan di daftar.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="369"/>
        <source>Team of the visit on %1 updated.</source>
        <translation>Tim kunjungan tanggal %1 diperbarui.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="380"/>
        <source>Cancel a visit</source>
        <translation>Batalkan kunjungan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="382"/>
        <source>The visit %1 will be cancelled: nobody can record on it any more. It stays in the list as cancelled.</source>
        <translation>Kunjungan %1 akan dibatalkan: tidak ada lagi perekaman pada kunjungan ini. Kunjungan tetap tercantum dengan status dibatalkan.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="385"/>
        <source>Cancel the visit</source>
        <translation>Batalkan kunjungan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="386"/>
        <source>why, e.g. planned twice, the family moved (required)</source>
        <translation>alasan, mis. terjadwal dua kali, keluarga pindah (wajib)</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="418"/>
        <source>The visit moves to %1.</source>
        <translation>Kunjungan dipindahkan ke %1.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="429"/>
        <source>Visit cancelled.</source>
        <translation>Kunjungan dibatalkan.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="442"/>
        <source>Suggested team: 1 ketua tim and %1 petugas, about %2 minutes of work.</source>
        <translation>Saran tim: 1 ketua tim dan %1 petugas, sekitar %2 menit kerja.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="82"/>
        <source>Import target list (CSV/XLSX)…</source>
        <extracomment>A bare call, which lupdate extracts with its literal context. The import&apos;s report (``ImportReport``), or the error that stopped it.</extracomment>
        <translation>Impor daftar sasaran (CSV/XLSX)…</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="85"/>
        <source>Visit of the target list</source>
        <translation>Kunjungan daftar sasaran</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="88"/>
        <source>Visit</source>
        <translation>Kunjungan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="97"/>
        <source>Row</source>
        <translation>Baris</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="98"/>
        <source>Result</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="99"/>
        <source>Problem</source>
        <translation>Masalah</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="103"/>
        <source>Import problems</source>
        <translation>Masalah impor</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="231"/>
        <source>No import problems to show.</source>
        <translation>Tidak ada masalah impor.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="232"/>
        <source>Import a target list: every row with a problem is listed here.</source>
        <translation>Impor daftar sasaran: setiap baris yang bermasalah tercantum di sini.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="116"/>
        <source>Import report</source>
        <translation>Laporan impor</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="131"/>
        <source>Search name, NIK or address…</source>
        <translation>Cari nama, NIK atau alamat…</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="134"/>
        <source>All conditions</source>
        <translation>Semua kondisi</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="140"/>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="141"/>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="142"/>
        <source>Sex</source>
        <translation>JK</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="143"/>
        <source>Born</source>
        <translation>Tgl lahir</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="144"/>
        <source>Address</source>
        <translation>Alamat</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="145"/>
        <source>Condition</source>
        <translation>Kondisi</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="146"/>
        <source>Disability</source>
        <translation>Jenis disabilitas</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="147"/>
        <source>Notes</source>
        <translation>Keterangan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="161"/>
        <source>Targets table</source>
        <translation>Tabel sasaran</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="172"/>
        <source>Search targets</source>
        <translation>Cari sasaran</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="173"/>
        <source>Condition filter</source>
        <translation>Saring kondisi</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="191"/>
        <source>Choose the target list</source>
        <translation>Pilih daftar sasaran</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="193"/>
        <source>Target lists (*.csv *.xlsx *.txt);;All files (*)</source>
        <translation>Daftar sasaran (*.csv *.xlsx *.txt);;Semua berkas (*)</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="204"/>
        <source>Plan a visit first: targets belong to a visit.</source>
        <translation>Jadwalkan kunjungan dulu: sasaran selalu milik sebuah kunjungan.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="209"/>
        <source>Importing %1…</source>
        <translation>Mengimpor %1…</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="244"/>
        <source>%1 ok, %2 with warnings, %3 with errors.</source>
        <translation>%1 baik, %2 dengan peringatan, %3 dengan kesalahan.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/planning_targets.py" line="251"/>
        <source>Imported %n target(s): %1</source>
        <translation>
            <numerusform>%Ln sasaran diimpor: %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="257"/>
        <source>Nothing was imported: %1 Fix the file and import it again.</source>
        <translation>Tidak ada yang diimpor: %1 Perbaiki berkasnya lalu impor lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="265"/>
        <source>ok</source>
        <translation>baik</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="266"/>
        <source>warning</source>
        <translation>peringatan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="267"/>
        <source>error</source>
        <translation>kesalahan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="297"/>
        <source>The file holds no rows to import.</source>
        <translation>Berkas ini tidak berisi baris untuk diimpor.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="300"/>
        <source>Nothing was imported: %1</source>
        <translation>Tidak ada yang diimpor: %1</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="304"/>
        <source>No row was read: the file itself was refused.</source>
        <translation>Tidak ada baris yang dibaca: berkasnya sendiri ditolak.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="305"/>
        <source>Its reason is above. Fix the file and import it again.</source>
        <translation>Alasannya ada di atas. Perbaiki berkasnya lalu impor lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="342"/>
        <source>%1 of %2 shown</source>
        <translation>%1 dari %2 ditampilkan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="351"/>
        <source>No visit planned yet.</source>
        <translation>Belum ada kunjungan.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="352"/>
        <source>Plan a visit on the Visits and teams tab first.</source>
        <translation>Jadwalkan kunjungan dulu di tab Kunjungan dan tim.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="356"/>
        <source>No targets for this visit yet.</source>
        <translation>Belum ada sasaran untuk kunjungan ini.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="357"/>
        <source>Click Import target list (CSV/XLSX)… to add the list.</source>
        <translation>Klik Impor daftar sasaran (CSV/XLSX)… untuk menambahkan daftarnya.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="361"/>
        <source>No target matches the search.</source>
        <translation>Tidak ada sasaran yang cocok dengan pencarian.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_targets.py" line="362"/>
        <source>Clear the search or choose All conditions.</source>
        <translation>Kosongkan pencarian atau pilih Semua kondisi.</translation>
    </message>
</context>
<context>
    <name>Print Device Input Slot</name>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="18"/>
        <source>Automatic</source>
        <translation>Otomatis</translation>
    </message>
</context>
<context>
    <name>Print Device Output Bin</name>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="23"/>
        <source>Automatic</source>
        <translation>Otomatis</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="68"/>
        <source>Alias</source>
        <translation>Alias</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="73"/>
        <source>Drive</source>
        <translation>Diska</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="78"/>
        <source>File</source>
        <translation>Berkas</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="83"/>
        <source>File Folder</source>
        <translation>Folder berkas</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="88"/>
        <source>Folder</source>
        <translation>Folder</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="93"/>
        <source>Shortcut</source>
        <translation>Pintasan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="98"/>
        <source>Unknown</source>
        <translation>Tidak dikenal</translation>
    </message>
</context>
<context>
    <name>QAbstractSpinBox</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="103"/>
        <source>&amp;Select All</source>
        <translation>Pilih &amp;semua</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="108"/>
        <source>&amp;Step up</source>
        <translation>&amp;Naikkan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="113"/>
        <source>Step &amp;down</source>
        <translation>&amp;Turunkan</translation>
    </message>
</context>
<context>
    <name>QComboBox</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="118"/>
        <source>Open the combo box selection popup</source>
        <translation>Buka daftar pilihan</translation>
    </message>
</context>
<context>
    <name>QCupsJobWidget</name>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="28"/>
        <source>&amp;Billing information:</source>
        <translation>Informasi &amp;penagihan:</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="30"/>
        <source>&amp;End:</source>
        <translation>&amp;Akhir:</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="31"/>
        <source>&amp;Start:</source>
        <translation>&amp;Awal:</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="35"/>
        <source>Banner Pages</source>
        <translation>Halaman Sampul</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="40"/>
        <source>Classified</source>
        <translation>Rahasia terbatas</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="45"/>
        <source>Confidential</source>
        <translation>Konfidensial</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="50"/>
        <source>Day (06:00 to 17:59)</source>
        <translation>Siang (06.00 sampai 17.59)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="55"/>
        <source>Hold Indefinitely</source>
        <translation>Tahan tanpa batas waktu</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="57"/>
        <source>Job</source>
        <translation>Tugas cetak</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="61"/>
        <source>Job &amp;priority:</source>
        <translation>&amp;Prioritas tugas cetak:</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="66"/>
        <source>Job Control</source>
        <translation>Kontrol Tugas Cetak</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="71"/>
        <source>Night (18:00 to 05:59)</source>
        <translation>Malam (18.00 sampai 05.59)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="73"/>
        <source>None</source>
        <translation>Tidak ada</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="77"/>
        <source>Print Immediately</source>
        <translation>Cetak Segera</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="82"/>
        <source>Scheduled &amp;printing:</source>
        <translation>&amp;Jadwal pencetakan:</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="87"/>
        <source>Second Shift (16:00 to 23:59)</source>
        <translation>Sif Kedua (16.00 sampai 23.59)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="89"/>
        <source>Secret</source>
        <translation>Rahasia</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="93"/>
        <source>Specific Time</source>
        <translation>Waktu Tertentu</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="95"/>
        <source>Standard</source>
        <translation>Standar</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="99"/>
        <source>Third Shift (00:00 to 07:59)</source>
        <translation>Sif Ketiga (00.00 sampai 07.59)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="104"/>
        <source>Top Secret</source>
        <translation>Sangat Rahasia</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="109"/>
        <source>Unclassified</source>
        <translation>Tidak rahasia</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="114"/>
        <source>Weekend (Saturday to Sunday)</source>
        <translation>Akhir pekan (Sabtu sampai Minggu)</translation>
    </message>
</context>
<context>
    <name>QCupsPrinterSupport</name>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="119"/>
        <source>Authentication Needed</source>
        <translation>Autentikasi Diperlukan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="124"/>
        <source>Authentication needed to use %1 on %2.</source>
        <translation>Perlu autentikasi untuk memakai %1 di %2.</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="131"/>
        <source>Authentication needed to use %1.</source>
        <translation>Perlu autentikasi untuk memakai %1.</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="136"/>
        <source>Password:</source>
        <translation>Kata sandi:</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="141"/>
        <source>Username:</source>
        <translation>Nama pengguna:</translation>
    </message>
</context>
<context>
    <name>QDialogButtonBox</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="120"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="124"/>
        <source>%1
Directory not found.
Please verify the correct directory name was given.</source>
        <translation>%1
Direktori tidak ditemukan.
Pastikan nama direktorinya benar.</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="132"/>
        <source>%1
File not found.
Please verify the correct file name was given.</source>
        <translation>%1
Berkas tidak ditemukan.
Pastikan nama berkasnya benar.</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="139"/>
        <source>%1 already exists.
Do you want to replace it?</source>
        <translation>%1 sudah ada.
Ganti berkas itu?</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="143"/>
        <source>&amp;Choose</source>
        <translation>&amp;Pilih</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="144"/>
        <source>&amp;Delete</source>
        <translation>&amp;Hapus</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="145"/>
        <source>&amp;Look in:</source>
        <translation>&amp;Cari di:</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="146"/>
        <source>&amp;New Folder</source>
        <translation>Folder &amp;baru</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="147"/>
        <source>&amp;Open</source>
        <translation>&amp;Buka</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="148"/>
        <source>&amp;Rename</source>
        <translation>&amp;Ganti nama</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="149"/>
        <source>&amp;Save</source>
        <translation>&amp;Simpan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="153"/>
        <source>&apos;%1&apos; is write protected.
Do you want to delete it anyway?</source>
        <translation>&apos;%1&apos; dilindungi dari penulisan.
Tetap hapus?</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="160"/>
        <source>All Files (*)</source>
        <translation>Semua berkas (*)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="165"/>
        <source>All files (*)</source>
        <translation>Semua berkas (*)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="170"/>
        <source>Are you sure you want to delete &apos;%1&apos;?</source>
        <translation>Yakin akan menghapus &apos;%1&apos;?</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="172"/>
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="176"/>
        <source>Change to detail view mode</source>
        <translation>Ganti ke tampilan rinci</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="181"/>
        <source>Change to list view mode</source>
        <translation>Ganti ke tampilan daftar</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="186"/>
        <source>Could not delete directory.</source>
        <translation>Direktori tidak dapat dihapus.</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="191"/>
        <source>Create New Folder</source>
        <translation>Buat folder baru</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="196"/>
        <source>Create a New Folder</source>
        <translation>Buat folder baru</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="198"/>
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="199"/>
        <source>Detail View</source>
        <translation>Tampilan rinci</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="200"/>
        <source>Directories</source>
        <translation>Direktori</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="201"/>
        <source>Directory:</source>
        <translation>Direktori:</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="202"/>
        <source>File &amp;name:</source>
        <translation>&amp;Nama berkas:</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="203"/>
        <source>Files</source>
        <translation>Berkas</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="207"/>
        <source>Files of &amp;type:</source>
        <translation>&amp;Jenis berkas:</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="212"/>
        <source>Find Directory</source>
        <translation>Cari direktori</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="214"/>
        <source>Forward</source>
        <translation>Maju</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="215"/>
        <source>Go back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="216"/>
        <source>Go forward</source>
        <translation>Maju</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="220"/>
        <source>Go to the parent directory</source>
        <translation>Ke direktori induk</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="222"/>
        <source>List View</source>
        <translation>Tampilan daftar</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="226"/>
        <source>List of places and bookmarks</source>
        <translation>Daftar tempat dan markah</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="228"/>
        <source>New Folder</source>
        <translation>Folder baru</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="229"/>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="233"/>
        <source>Parent Directory</source>
        <translation>Direktori induk</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="238"/>
        <source>Recent Places</source>
        <translation>Tempat terakhir</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="240"/>
        <source>Remove</source>
        <translation>Buang</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="241"/>
        <source>Save As</source>
        <translation>Simpan sebagai</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="242"/>
        <source>Show </source>
        <translation>Tampilkan </translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="246"/>
        <source>Show &amp;hidden files</source>
        <translation>Tampilkan berkas &amp;tersembunyi</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="248"/>
        <source>Sidebar</source>
        <translation>Bilah samping</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="252"/>
        <source>Computer</source>
        <translation>Komputer</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="257"/>
        <source>Date Modified</source>
        <translation>Tanggal diubah</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="259"/>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="263"/>
        <source>My Computer</source>
        <translation>Komputer saya</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="265"/>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="266"/>
        <source>Size</source>
        <translation>Ukuran</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="267"/>
        <source>Type</source>
        <translation>Jenis</translation>
    </message>
</context>
<context>
    <name>QInputDialog</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="271"/>
        <source>Enter a value:</source>
        <translation>Masukkan nilai:</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="273"/>
        <source>&amp;Copy</source>
        <translation>&amp;Salin</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="274"/>
        <source>&amp;Paste</source>
        <translation>&amp;Tempel</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="275"/>
        <source>&amp;Redo</source>
        <translation>&amp;Ulangi</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="276"/>
        <source>&amp;Undo</source>
        <translation>&amp;Batalkan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="277"/>
        <source>Cu&amp;t</source>
        <translation>Po&amp;tong</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="278"/>
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="279"/>
        <source>Select All</source>
        <translation>Pilih semua</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="280"/>
        <source>About Qt</source>
        <translation>Tentang Qt</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="284"/>
        <source>Hide Details...</source>
        <translation>Sembunyikan rincian...</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="289"/>
        <source>Show Details...</source>
        <translation>Tampilkan rincian...</translation>
    </message>
</context>
<context>
    <name>QPageSetupWidget</name>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="15"/>
        <source>CC</source>
        <translation>CC</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="19"/>
        <source>Cicero (CC)</source>
        <translation>Cicero (CC)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="21"/>
        <source>Custom</source>
        <translation>Kustom</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="22"/>
        <source>DD</source>
        <translation>DD</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="26"/>
        <source>Didot (DD)</source>
        <translation>Didot (DD)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="28"/>
        <source>Form</source>
        <translation>Formulir</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="29"/>
        <source>Height:</source>
        <translation>Tinggi:</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="33"/>
        <source>Inches (in)</source>
        <translation>Inci</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="38"/>
        <source>Landscape</source>
        <translation>Lanskap</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="40"/>
        <source>Margins</source>
        <translation>Margin</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="44"/>
        <source>Millimeters (mm)</source>
        <translation>Milimeter (mm)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="49"/>
        <source>Orientation</source>
        <translation>Orientasi</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="54"/>
        <source>Page &amp;order:</source>
        <translation>&amp;Urutan halaman:</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="59"/>
        <source>Page Layout</source>
        <translation>Tata Letak Halaman</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="64"/>
        <source>Page size:</source>
        <translation>Ukuran kertas:</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="69"/>
        <source>Pages &amp;per sheet:</source>
        <translation>Halaman &amp;per lembar:</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="71"/>
        <source>Paper</source>
        <translation>Kertas</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="75"/>
        <source>Paper source:</source>
        <translation>Sumber kertas:</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="80"/>
        <source>Pica (P̸)</source>
        <translation>Pica (P̸)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="85"/>
        <source>Points (pt)</source>
        <translation>Poin (pt)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="90"/>
        <source>Portrait</source>
        <translation>Potret</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="92"/>
        <source>P̸</source>
        <translation>P̸</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="96"/>
        <source>Reverse landscape</source>
        <translation>Lanskap terbalik</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="101"/>
        <source>Reverse portrait</source>
        <translation>Potret terbalik</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="103"/>
        <source>Width:</source>
        <translation>Lebar:</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="107"/>
        <source>bottom margin</source>
        <translation>margin bawah</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="109"/>
        <source>in</source>
        <translation>inci</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="113"/>
        <source>left margin</source>
        <translation>margin kiri</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="115"/>
        <source>mm</source>
        <translation>mm</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="116"/>
        <source>pt</source>
        <translation>pt</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="120"/>
        <source>right margin</source>
        <translation>margin kanan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="125"/>
        <source>top margin</source>
        <translation>margin atas</translation>
    </message>
</context>
<context>
    <name>QPageSize</name>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="127"/>
        <source>%1 x %2 in</source>
        <translation>%1 x %2 inci</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="128"/>
        <source>A0</source>
        <translation>A0</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="129"/>
        <source>A1</source>
        <translation>A1</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="130"/>
        <source>A10</source>
        <translation>A10</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="131"/>
        <source>A2</source>
        <translation>A2</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="132"/>
        <source>A3</source>
        <translation>A3</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="133"/>
        <source>A3 Extra</source>
        <translation>A3 Ekstra</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="134"/>
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="135"/>
        <source>A4 Extra</source>
        <translation>A4 Ekstra</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="136"/>
        <source>A4 Plus</source>
        <translation>A4 Plus</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="137"/>
        <source>A4 Small</source>
        <translation>A4 Kecil</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="138"/>
        <source>A5</source>
        <translation>A5</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="139"/>
        <source>A5 Extra</source>
        <translation>A5 Ekstra</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="140"/>
        <source>A6</source>
        <translation>A6</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="141"/>
        <source>A7</source>
        <translation>A7</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="142"/>
        <source>A8</source>
        <translation>A8</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="143"/>
        <source>A9</source>
        <translation>A9</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="144"/>
        <source>ANSI C</source>
        <translation>ANSI C</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="145"/>
        <source>ANSI D</source>
        <translation>ANSI D</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="146"/>
        <source>ANSI E</source>
        <translation>ANSI E</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="147"/>
        <source>Architect A</source>
        <translation>Arsitek A</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="148"/>
        <source>Architect B</source>
        <translation>Arsitek B</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="149"/>
        <source>Architect C</source>
        <translation>Arsitek C</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="150"/>
        <source>Architect D</source>
        <translation>Arsitek D</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="151"/>
        <source>Architect E</source>
        <translation>Arsitek E</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="152"/>
        <source>B0</source>
        <translation>B0</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="153"/>
        <source>B1</source>
        <translation>B1</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="154"/>
        <source>B10</source>
        <translation>B10</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="155"/>
        <source>B2</source>
        <translation>B2</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="156"/>
        <source>B3</source>
        <translation>B3</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="157"/>
        <source>B4</source>
        <translation>B4</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="158"/>
        <source>B5</source>
        <translation>B5</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="159"/>
        <source>B5 Extra</source>
        <translation>B5 Ekstra</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="160"/>
        <source>B6</source>
        <translation>B6</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="161"/>
        <source>B7</source>
        <translation>B7</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="162"/>
        <source>B8</source>
        <translation>B8</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="163"/>
        <source>B9</source>
        <translation>B9</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="164"/>
        <source>Custom</source>
        <translation>Kustom</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="168"/>
        <source>Custom (%1CC x %2CC)</source>
        <translation>Kustom (%1CC x %2CC)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="173"/>
        <source>Custom (%1DD x %2DD)</source>
        <translation>Kustom (%1DD x %2DD)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="178"/>
        <source>Custom (%1in x %2in)</source>
        <translation>Kustom (%1 inci x %2 inci)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="183"/>
        <source>Custom (%1mm x %2mm)</source>
        <translation>Kustom (%1mm x %2mm)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="188"/>
        <source>Custom (%1pc x %2pc)</source>
        <translation>Kustom (%1pc x %2pc)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="193"/>
        <source>Custom (%1pt x %2pt)</source>
        <translation>Kustom (%1pt x %2pt)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="198"/>
        <source>Double Postcard</source>
        <translation>Kartu Pos Ganda</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="200"/>
        <source>Envelope B4</source>
        <translation>Amplop B4</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="201"/>
        <source>Envelope B5</source>
        <translation>Amplop B5</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="202"/>
        <source>Envelope B6</source>
        <translation>Amplop B6</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="203"/>
        <source>Envelope C0</source>
        <translation>Amplop C0</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="204"/>
        <source>Envelope C1</source>
        <translation>Amplop C1</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="205"/>
        <source>Envelope C2</source>
        <translation>Amplop C2</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="206"/>
        <source>Envelope C3</source>
        <translation>Amplop C3</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="207"/>
        <source>Envelope C4</source>
        <translation>Amplop C4</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="208"/>
        <source>Envelope C5</source>
        <translation>Amplop C5</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="209"/>
        <source>Envelope C6</source>
        <translation>Amplop C6</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="210"/>
        <source>Envelope C65</source>
        <translation>Amplop C65</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="211"/>
        <source>Envelope C7</source>
        <translation>Amplop C7</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="215"/>
        <source>Envelope Chou 3</source>
        <translation>Amplop Chou 3</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="220"/>
        <source>Envelope Chou 4</source>
        <translation>Amplop Chou 4</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="222"/>
        <source>Envelope DL</source>
        <translation>Amplop DL</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="226"/>
        <source>Envelope Invite</source>
        <translation>Amplop Undangan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="231"/>
        <source>Envelope Italian</source>
        <translation>Amplop Italia</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="236"/>
        <source>Envelope Kaku 2</source>
        <translation>Amplop Kaku 2</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="241"/>
        <source>Envelope Kaku 3</source>
        <translation>Amplop Kaku 3</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="246"/>
        <source>Envelope Monarch</source>
        <translation>Amplop Monarch</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="248"/>
        <source>Envelope PRC 1</source>
        <translation>Amplop PRC 1</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="252"/>
        <source>Envelope PRC 10</source>
        <translation>Amplop PRC 10</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="254"/>
        <source>Envelope PRC 2</source>
        <translation>Amplop PRC 2</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="255"/>
        <source>Envelope PRC 3</source>
        <translation>Amplop PRC 3</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="256"/>
        <source>Envelope PRC 4</source>
        <translation>Amplop PRC 4</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="257"/>
        <source>Envelope PRC 5</source>
        <translation>Amplop PRC 5</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="258"/>
        <source>Envelope PRC 6</source>
        <translation>Amplop PRC 6</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="259"/>
        <source>Envelope PRC 7</source>
        <translation>Amplop PRC 7</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="260"/>
        <source>Envelope PRC 8</source>
        <translation>Amplop PRC 8</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="261"/>
        <source>Envelope PRC 9</source>
        <translation>Amplop PRC 9</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="265"/>
        <source>Envelope Personal</source>
        <translation>Amplop Personal</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="267"/>
        <source>Envelope US 10</source>
        <translation>Amplop US 10</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="268"/>
        <source>Envelope US 11</source>
        <translation>Amplop US 11</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="269"/>
        <source>Envelope US 12</source>
        <translation>Amplop US 12</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="270"/>
        <source>Envelope US 14</source>
        <translation>Amplop US 14</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="271"/>
        <source>Envelope US 9</source>
        <translation>Amplop US 9</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="272"/>
        <source>Envelope You 4</source>
        <translation>Amplop Yō 4</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="276"/>
        <source>Executive (7.25 x 10.5 in)</source>
        <translation>Executive (7,25 x 10,5 inci)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="281"/>
        <source>Executive (7.5 x 10 in)</source>
        <translation>Executive (7,5 x 10 inci)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="286"/>
        <source>Fan-fold German (8.5 x 12 in)</source>
        <translation>Kertas Berlipat Jerman (8,5 x 12 inci)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="291"/>
        <source>Fan-fold German Legal (8.5 x 13 in)</source>
        <translation>Kertas Berlipat Jerman Legal (8,5 x 13 inci)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="296"/>
        <source>Fan-fold US (14.875 x 11 in)</source>
        <translation>Kertas Berlipat Amerika (14,875 x 11 inci)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="301"/>
        <source>Folio (8.27 x 13 in)</source>
        <translation>Folio (8,27 x 13 inci)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="303"/>
        <source>JIS B0</source>
        <translation>JIS B0</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="304"/>
        <source>JIS B1</source>
        <translation>JIS B1</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="305"/>
        <source>JIS B10</source>
        <translation>JIS B10</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="306"/>
        <source>JIS B2</source>
        <translation>JIS B2</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="307"/>
        <source>JIS B3</source>
        <translation>JIS B3</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="308"/>
        <source>JIS B4</source>
        <translation>JIS B4</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="309"/>
        <source>JIS B5</source>
        <translation>JIS B5</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="310"/>
        <source>JIS B6</source>
        <translation>JIS B6</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="311"/>
        <source>JIS B7</source>
        <translation>JIS B7</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="312"/>
        <source>JIS B8</source>
        <translation>JIS B8</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="313"/>
        <source>JIS B9</source>
        <translation>JIS B9</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="317"/>
        <source>Ledger / ANSI B</source>
        <translation>Ledger / ANSI B</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="319"/>
        <source>Legal</source>
        <translation>Legal</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="320"/>
        <source>Legal Extra</source>
        <translation>Legal Ekstra</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="324"/>
        <source>Letter / ANSI A</source>
        <translation>Letter / ANSI A</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="326"/>
        <source>Letter Extra</source>
        <translation>Letter Ekstra</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="327"/>
        <source>Letter Plus</source>
        <translation>Letter Plus</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="328"/>
        <source>Letter Small</source>
        <translation>Letter Kecil</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="329"/>
        <source>Note</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="330"/>
        <source>PRC 16K</source>
        <translation>PRC 16K</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="331"/>
        <source>PRC 32K</source>
        <translation>PRC 32K</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="332"/>
        <source>PRC 32K Big</source>
        <translation>PRC 32K Besar</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="333"/>
        <source>Postcard</source>
        <translation>Kartu Pos</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="334"/>
        <source>Quarto</source>
        <translation>Quarto</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="335"/>
        <source>Statement</source>
        <translation>Statement</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="336"/>
        <source>Super A</source>
        <translation>Super A</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="337"/>
        <source>Super B</source>
        <translation>Super B</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="341"/>
        <source>Tabloid / ANSI B</source>
        <translation>Tabloid / ANSI B</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_page.py" line="343"/>
        <source>Tabloid Extra</source>
        <translation>Tabloid Ekstra</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="291"/>
        <source>&amp;No</source>
        <translation>&amp;Tidak</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="292"/>
        <source>&amp;Yes</source>
        <translation>&amp;Ya</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="293"/>
        <source>Abort</source>
        <translation>Hentikan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="294"/>
        <source>Apply</source>
        <translation>Terapkan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="295"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="296"/>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="297"/>
        <source>Discard</source>
        <translation>Buang</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="298"/>
        <source>Help</source>
        <translation>Bantuan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="299"/>
        <source>Ignore</source>
        <translation>Abaikan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="303"/>
        <source>N&amp;o to All</source>
        <translation>T&amp;idak untuk semua</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="305"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="306"/>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="307"/>
        <source>Reset</source>
        <translation>Atur ulang</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="311"/>
        <source>Restore Defaults</source>
        <translation>Kembalikan bawaan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="313"/>
        <source>Retry</source>
        <translation>Coba lagi</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="314"/>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="315"/>
        <source>Save All</source>
        <translation>Simpan semua</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="319"/>
        <source>Yes to &amp;All</source>
        <translation>Ya untuk &amp;semua</translation>
    </message>
</context>
<context>
    <name>QPrintDialog</name>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="146"/>
        <source>%1 already exists.
Do you want to overwrite it?</source>
        <translation>%1 sudah ada.
Timpa berkas itu?</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="153"/>
        <source>%1 does not follow the correct syntax. Please use &apos;,&apos; to separate ranges and pages, &apos;-&apos; to define ranges and make sure ranges do not intersect with each other.</source>
        <translation>%1 tidak mengikuti penulisan yang benar. Pakai &apos;,&apos; untuk memisahkan rentang dan halaman, &apos;-&apos; untuk menulis rentang, dan pastikan rentang tidak saling bertumpang tindih.</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="161"/>
        <source>%1 is a directory.
Please choose a different file name.</source>
        <translation>%1 adalah sebuah folder.
Pilih nama berkas lain.</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="165"/>
        <source>&amp;Options &lt;&lt;</source>
        <translation>&amp;Opsi &lt;&lt;</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="166"/>
        <source>&amp;Options &gt;&gt;</source>
        <translation>&amp;Opsi &gt;&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="167"/>
        <source>&amp;Print</source>
        <translation>&amp;Cetak</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="168"/>
        <source>1 (1x1)</source>
        <translation>1 (1x1)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="169"/>
        <source>16 (4x4)</source>
        <translation>16 (4x4)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="170"/>
        <source>2 (2x1)</source>
        <translation>2 (2x1)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="171"/>
        <source>4 (2x2)</source>
        <translation>4 (2x2)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="172"/>
        <source>6 (2x3)</source>
        <translation>6 (2x3)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="173"/>
        <source>9 (3x3)</source>
        <translation>9 (3x3)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="174"/>
        <source>All Pages</source>
        <translation>Semua Halaman</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="178"/>
        <source>Bottom to Top, Left to Right</source>
        <translation>Bawah ke atas, kiri ke kanan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="183"/>
        <source>Bottom to Top, Right to Left</source>
        <translation>Bawah ke atas, kanan ke kiri</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="188"/>
        <source>Duplex Settings Conflicts</source>
        <translation>Pengaturan Cetak Dua Sisi Bertentangan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="190"/>
        <source>Even Pages</source>
        <translation>Halaman Genap</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="194"/>
        <source>File %1 is not writable.
Please choose a different file name.</source>
        <translation>Berkas %1 tidak dapat ditulisi.
Pilih nama berkas lain.</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="201"/>
        <source>Invalid Pages Definition</source>
        <translation>Penulisan Halaman Tidak Sah</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="206"/>
        <source>Left to Right, Bottom to Top</source>
        <translation>Kiri ke kanan, bawah ke atas</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="211"/>
        <source>Left to Right, Top to Bottom</source>
        <translation>Kiri ke kanan, atas ke bawah</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="213"/>
        <source>Local file</source>
        <translation>Berkas lokal</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="214"/>
        <source>Odd Pages</source>
        <translation>Halaman Ganjil</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="218"/>
        <source>Options &apos;Pages Per Sheet&apos; and &apos;Page Set&apos; cannot be used together.
Please turn one of those options off.</source>
        <translation>Opsi &apos;Halaman per lembar&apos; dan &apos;Kumpulan halaman&apos; tidak dapat dipakai bersamaan.
Matikan salah satunya.</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="223"/>
        <source>Print</source>
        <translation>Cetak</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="227"/>
        <source>Print To File ...</source>
        <translation>Cetak ke Berkas …</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="232"/>
        <source>Print to File (PDF)</source>
        <translation>Cetak ke Berkas (PDF)</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="237"/>
        <source>Right to Left, Bottom to Top</source>
        <translation>Kanan ke kiri, bawah ke atas</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="242"/>
        <source>Right to Left, Top to Bottom</source>
        <translation>Kanan ke kiri, atas ke bawah</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="247"/>
        <source>The &apos;From&apos; value cannot be greater than the &apos;To&apos; value.</source>
        <translation>Nilai &apos;Dari&apos; tidak boleh lebih besar daripada nilai &apos;Sampai&apos;.</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="254"/>
        <source>There are conflicts in duplex settings. Do you want to fix them?</source>
        <translation>Ada pertentangan dalam pengaturan cetak dua sisi. Perbaiki sekarang?</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="261"/>
        <source>Top to Bottom, Left to Right</source>
        <translation>Atas ke bawah, kiri ke kanan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="266"/>
        <source>Top to Bottom, Right to Left</source>
        <translation>Atas ke bawah, kanan ke kiri</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="271"/>
        <source>Write PDF file</source>
        <translation>Tulis berkas PDF</translation>
    </message>
</context>
<context>
    <name>QPrintPropertiesDialog</name>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="276"/>
        <source>Advanced Option Conflicts</source>
        <translation>Opsi Lanjutan Bertentangan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="281"/>
        <source>Custom value for %1</source>
        <translation>Nilai kustom untuk %1</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="286"/>
        <source>Job Options</source>
        <translation>Opsi Tugas Cetak</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="291"/>
        <source>Page Setup Conflicts</source>
        <translation>Pengaturan Halaman Bertentangan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="296"/>
        <source>Printer Properties</source>
        <translation>Properti Pencetak</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="301"/>
        <source>There are conflicts in page setup options. Do you want to fix them?</source>
        <translation>Ada pertentangan dalam opsi pengaturan halaman. Perbaiki sekarang?</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="309"/>
        <source>There are conflicts in some advanced options. Do you want to fix them?</source>
        <translation>Ada pertentangan dalam beberapa opsi lanjutan. Perbaiki sekarang?</translation>
    </message>
</context>
<context>
    <name>QPrintPropertiesWidget</name>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="317"/>
        <source>Advanced</source>
        <translation>Lanjutan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="322"/>
        <source>Form</source>
        <translation>Formulir</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="327"/>
        <source>Page</source>
        <translation>Halaman</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="332"/>
        <source>There are conflicts in some options. Please fix them.</source>
        <translation>Ada pertentangan dalam beberapa opsi. Perbaiki dahulu.</translation>
    </message>
</context>
<context>
    <name>QPrintSettingsOutput</name>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="339"/>
        <source>Collate</source>
        <translation>Susun</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="344"/>
        <source>Color</source>
        <translation>Warna</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="349"/>
        <source>Color Mode</source>
        <translation>Mode Warna</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="354"/>
        <source>Copies</source>
        <translation>Salinan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="359"/>
        <source>Copies:</source>
        <translation>Salinan:</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="364"/>
        <source>Current Page</source>
        <translation>Halaman Ini</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="369"/>
        <source>Double Sided Printing</source>
        <translation>Cetak Dua Sisi</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="374"/>
        <source>Form</source>
        <translation>Formulir</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="379"/>
        <source>Grayscale</source>
        <translation>Skala abu-abu</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="384"/>
        <source>Long side binding</source>
        <translation>Jilid sisi panjang</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="386"/>
        <source>Off</source>
        <translation>Mati</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="390"/>
        <source>Options</source>
        <translation>Opsi</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="395"/>
        <source>Output Settings</source>
        <translation>Pengaturan Keluaran</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="400"/>
        <source>Page &amp;Set:</source>
        <translation>&amp;Kumpulan halaman:</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="405"/>
        <source>Pages</source>
        <translation>Halaman</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="410"/>
        <source>Pages from</source>
        <translation>Halaman dari</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="415"/>
        <source>Print all</source>
        <translation>Cetak semua</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="420"/>
        <source>Print range</source>
        <translation>Rentang cetak</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="425"/>
        <source>Reverse</source>
        <translation>Urutan terbalik</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="430"/>
        <source>Selection</source>
        <translation>Pilihan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="435"/>
        <source>Short side binding</source>
        <translation>Jilid sisi pendek</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="440"/>
        <source>Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.</source>
        <translation>Tulis halaman atau rentang, dipisahkan koma. Rentang ditulis dengan dua angka yang dipisahkan tanda hubung. Contoh: 3,5-7,9 mencetak halaman 3, 5, 6, 7 dan 9.</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="445"/>
        <source>to</source>
        <translation>sampai</translation>
    </message>
</context>
<context>
    <name>QPrintWidget</name>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="446"/>
        <source>&amp;Name:</source>
        <translation>&amp;Nama:</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="447"/>
        <source>...</source>
        <translation>...</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="448"/>
        <source>Form</source>
        <translation>Formulir</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="449"/>
        <source>Location:</source>
        <translation>Lokasi:</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="453"/>
        <source>Output &amp;file:</source>
        <translation>&amp;Berkas keluaran:</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="455"/>
        <source>P&amp;roperties</source>
        <translation>P&amp;roperti</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="456"/>
        <source>Preview</source>
        <translation>Pratinjau</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="457"/>
        <source>Printer</source>
        <translation>Pencetak</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings_print.py" line="458"/>
        <source>Type:</source>
        <translation>Jenis:</translation>
    </message>
</context>
<context>
    <name>QScrollBar</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="321"/>
        <source>Bottom</source>
        <translation>Paling bawah</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="322"/>
        <source>Left edge</source>
        <translation>Tepi kiri</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="323"/>
        <source>Page down</source>
        <translation>Halaman ke bawah</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="324"/>
        <source>Page left</source>
        <translation>Halaman ke kiri</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="325"/>
        <source>Page right</source>
        <translation>Halaman ke kanan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="326"/>
        <source>Page up</source>
        <translation>Halaman ke atas</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="327"/>
        <source>Right edge</source>
        <translation>Tepi kanan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="328"/>
        <source>Scroll down</source>
        <translation>Gulir ke bawah</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="329"/>
        <source>Scroll here</source>
        <translation>Gulir ke sini</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="330"/>
        <source>Scroll left</source>
        <translation>Gulir ke kiri</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="331"/>
        <source>Scroll right</source>
        <translation>Gulir ke kanan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="332"/>
        <source>Scroll up</source>
        <translation>Gulir ke atas</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="333"/>
        <source>Top</source>
        <translation>Paling atas</translation>
    </message>
</context>
<context>
    <name>QTabBar</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="334"/>
        <source>Scroll Left</source>
        <translation>Gulir ke kiri</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="335"/>
        <source>Scroll Right</source>
        <translation>Gulir ke kanan</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="336"/>
        <source>&amp;Copy</source>
        <translation>&amp;Salin</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="340"/>
        <source>&amp;Paste</source>
        <translation>&amp;Tempel</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="342"/>
        <source>&amp;Redo</source>
        <translation>&amp;Ulangi</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="343"/>
        <source>&amp;Undo</source>
        <translation>&amp;Batalkan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="347"/>
        <source>Copy &amp;Link Location</source>
        <translation>Salin &amp;alamat tautan</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="349"/>
        <source>Cu&amp;t</source>
        <translation>Po&amp;tong</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="353"/>
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="358"/>
        <source>Select All</source>
        <translation>Pilih semua</translation>
    </message>
</context>
<context>
    <name>QualityMeter</name>
    <message>
        <location filename="../../ui/capture_widgets.py" line="243"/>
        <source>no score yet</source>
        <extracomment>(QImage, QualityReport or None, frame sequence) (Reconnecting) the device went away and the stream tries again by itself.</extracomment>
        <translation>belum ada skor</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="244"/>
        <source>Threshold %1</source>
        <translation>Ambang %1</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="260"/>
        <source>best %1 / %2</source>
        <translation>terbaik %1 / %2</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="271"/>
        <source>No attempts left: keep the best with a reason, or record an exception.</source>
        <translation>Percobaan habis: simpan yang terbaik dengan alasan, atau catat pengecualian.</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="283"/>
        <source>cannot be scored</source>
        <translation>tidak dapat dinilai</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="284"/>
        <source>Cannot be scored (threshold %1)</source>
        <translation>Tidak dapat dinilai (ambang %1)</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="290"/>
        <source>Good: score %1, threshold %2</source>
        <translation>Baik: skor %1, ambang %2</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="293"/>
        <source>Below the threshold: score %1, threshold %2</source>
        <translation>Di bawah ambang: skor %1, ambang %2</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../ui/common.py" line="446"/>
        <source>Reason</source>
        <extracomment>What a dialog leaves free of the screen&apos;s width when it grows for its table.</extracomment>
        <translation>Alasan</translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="66"/>
        <source>Recording receipt (bukti perekaman)</source>
        <translation>Bukti perekaman</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="67"/>
        <source>Recording receipt</source>
        <translation>Bukti perekaman</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="87"/>
        <source>Recording receipt: %1</source>
        <translation>Bukti perekaman: %1</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="88"/>
        <source> (TRAINING)</source>
        <translation> (LATIHAN)</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="97"/>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="98"/>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="99"/>
        <source>Recorded on</source>
        <translation>Tanggal perekaman</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="100"/>
        <source>Place</source>
        <translation>Tempat</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="101"/>
        <source>Officer</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="102"/>
        <source>Recorded</source>
        <translation>Yang sudah direkam</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="103"/>
        <source>Not recorded</source>
        <translation>Yang tidak dapat direkam</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="103"/>
        <source>nothing: all recorded</source>
        <translation>tidak ada: semua terekam</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="104"/>
        <source>Card due by</source>
        <translation>KTP-el paling lambat</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="105"/>
        <source>Record number</source>
        <translation>Nomor rekaman</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="106"/>
        <source>Office contact</source>
        <translation>Kontak kantor</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="115"/>
        <source>Keep this receipt: show it when asking about the e-KTP or receiving it. The data goes to the Dukcapil data center first.</source>
        <translation>Simpan bukti ini: tunjukkan saat menanyakan atau menerima KTP-el. Data dikirim lebih dulu ke data center Dukcapil.</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="121"/>
        <source>Receipt QR code, small</source>
        <translation>Kode QR bukti, kecil</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="149"/>
        <source>Receipt QR code</source>
        <translation>Kode QR bukti perekaman</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="153"/>
        <source>Photograph this code: it holds the record number and the office code.</source>
        <translation>Foto kode ini: berisi nomor rekaman dan kode kantor.</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="162"/>
        <source>Print…</source>
        <translation>Cetak…</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="164"/>
        <source>Save as PDF…</source>
        <translation>Simpan sebagai PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="166"/>
        <location filename="../../ui/receipt_dialog.py" line="183"/>
        <source>Show QR code</source>
        <translation>Tampilkan kode QR</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="169"/>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="170"/>
        <source>Close the receipt</source>
        <translation>Tutup bukti perekaman</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="183"/>
        <source>Show summary</source>
        <translation>Tampilkan ringkasan</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="204"/>
        <source>Cannot print: the receipt could not be drawn. Save it as a PDF instead.</source>
        <translation>Tidak dapat mencetak: bukti perekaman tidak dapat digambar. Simpan sebagai PDF saja.</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="210"/>
        <location filename="../../ui/receipt_dialog.py" line="215"/>
        <source>The printer could not be started.</source>
        <translation>Pencetak tidak dapat dimulai.</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="227"/>
        <source>The receipt was sent to the printer.</source>
        <translation>Bukti perekaman dikirim ke pencetak.</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="234"/>
        <source>Save the receipt</source>
        <translation>Simpan bukti perekaman</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="234"/>
        <source>PDF files (*.pdf)</source>
        <translation>Berkas PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="248"/>
        <source>Saved: %1</source>
        <translation>Disimpan: %1</translation>
    </message>
</context>
<context>
    <name>RecordAgainDialog</name>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="105"/>
        <location filename="../../ui/enrollment/dialogs.py" line="119"/>
        <source>Already recorded</source>
        <translation>Sudah direkam</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="106"/>
        <source>%1: recorded on %2, accepted by the data center. Record again only with a reason (the ketua tim and the office read it); Cancel leaves the person alone.</source>
        <translation>%1: sudah direkam pada %2, diterima data center. Rekam ulang hanya dengan alasan (dibaca ketua tim dan kantor); Batal membiarkan orang ini.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="113"/>
        <source>Record anyway</source>
        <translation>Tetap rekam</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/dialogs.py" line="114"/>
        <source>why again, e.g. the photo was of someone else (required)</source>
        <translation>mengapa direkam ulang, mis. foto ternyata orang lain (wajib)</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../ui/reports_page.py" line="143"/>
        <source>Surat tugas (duty letter)</source>
        <extracomment>Each document and what it needs, in the order of a visit&apos;s life (SOP 004). The document rendered, or None when no preview could be made.</extracomment>
        <translation>Surat tugas</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="144"/>
        <source>Surat balasan (draft reply)</source>
        <translation>Surat balasan (draf)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="208"/>
        <source>New document</source>
        <translation>Dokumen baru</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="220"/>
        <source>Generate PDF</source>
        <translation>Buat PDF</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="224"/>
        <source>Visit</source>
        <translation>Kunjungan</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="223"/>
        <source>Document</source>
        <translation>Dokumen</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="228"/>
        <source>Number</source>
        <translation>Nomor</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="156"/>
        <source>Documents list</source>
        <translation>Daftar dokumen</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="145"/>
        <source>Berita acara perekaman (one visit)</source>
        <translation>Berita acara perekaman (satu kunjungan)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="146"/>
        <source>Rekap harian (one day&apos;s visits)</source>
        <translation>Rekap harian (kunjungan satu hari)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="147"/>
        <source>Berita acara pengembalian sarpras (one visit)</source>
        <translation>Berita acara pengembalian sarpras (satu kunjungan)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="148"/>
        <source>Berita acara serah terima KTP-el (one day)</source>
        <translation>Berita acara serah terima KTP-el (satu hari)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="149"/>
        <source>Usulan DTKS (referral list to Dinsos)</source>
        <translation>Usulan DTKS (daftar rujukan ke Dinsos)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="159"/>
        <source>No documents on this laptop yet.</source>
        <translation>Belum ada dokumen di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="160"/>
        <source>Choose a document and a visit above, then click Generate PDF.</source>
        <translation>Pilih dokumen dan kunjungan di atas, lalu klik Buat PDF.</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="165"/>
        <source>Documents on this laptop</source>
        <translation>Dokumen di laptop ini</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="189"/>
        <source>Choose a document to see its first page.</source>
        <translation>Pilih dokumen untuk melihat halaman pertamanya.</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="192"/>
        <source>Document preview</source>
        <translation>Pratinjau dokumen</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="196"/>
        <source>Preview (page 1)</source>
        <translation>Pratinjau (halaman 1)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="227"/>
        <source>Date</source>
        <translation>Tanggal</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="262"/>
        <source>Only an admin can change the letterhead; here it can be read.</source>
        <translation>Hanya admin yang dapat mengubah kop surat; di sini hanya dapat dibaca.</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="330"/>
        <source>No visit to choose: plan one on Perencanaan first.</source>
        <translation>Belum ada kunjungan untuk dipilih: jadwalkan dulu di Perencanaan.</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="173"/>
        <location filename="../../ui/reports_page.py" line="234"/>
        <source>Letterhead and signatory (office profile)</source>
        <translation>Kop surat dan penanda tangan (profil kantor)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="181"/>
        <source>Letterhead and signatory…</source>
        <translation>Kop surat dan penanda tangan…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="218"/>
        <source>letter number (blank: the next number of the letter register)</source>
        <translation>nomor surat (kosong: nomor berikutnya dari agenda surat)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="243"/>
        <source>Office address</source>
        <translation>Alamat kantor</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="244"/>
        <source>Telephone, e-mail</source>
        <translation>Telepon, pos-el</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="245"/>
        <source>Head of office</source>
        <translation>Kepala dinas</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="246"/>
        <source>Head&apos;s NIP</source>
        <translation>NIP kepala dinas</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="252"/>
        <source>Save letterhead</source>
        <translation>Simpan kop surat</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="344"/>
        <source>Cannot write the PDF: %1</source>
        <translation>PDF tidak dapat ditulis: %1</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="348"/>
        <source>Wrote %1</source>
        <translation>%1 dibuat</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="361"/>
        <source>Rendering %1…</source>
        <translation>Menampilkan %1…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="377"/>
        <source>No preview: this file could not be read as a PDF.</source>
        <translation>Tidak ada pratinjau: berkas ini tidak dapat dibaca sebagai PDF.</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="392"/>
        <source>Letterhead saved.</source>
        <translation>Kop surat disimpan.</translation>
    </message>
</context>
<context>
    <name>RescheduleDialog</name>
    <message>
        <location filename="../../ui/planning_widgets.py" line="238"/>
        <source>Move a visit</source>
        <translation>Pindahkan jadwal kunjungan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_widgets.py" line="250"/>
        <source>Move the visit</source>
        <translation>Pindahkan kunjungan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_widgets.py" line="256"/>
        <source>New date</source>
        <translation>Tanggal baru</translation>
    </message>
    <message>
        <location filename="../../ui/planning_widgets.py" line="257"/>
        <source>Start time</source>
        <translation>Jam mulai</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../ui/review_page.py" line="113"/>
        <source>Review</source>
        <extracomment>A proof photo&apos;s size in the list; a click shows it as large as it was kept. How long Urungkan stays after a decision. The core undoes one as long as the record is unsent; the button is for the slip noticed at once (the wrong row, the wrong button), and a later change of mind is a new decision, not a stale button clicked by chance.</extracomment>
        <translation>Tinjauan</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="127"/>
        <source>Review sections</source>
        <extracomment>The last decision Urungkan takes back: the record and the words typed for it.</extracomment>
        <translation>Bagian tinjauan</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="128"/>
        <source>Today</source>
        <translation>Hari ini</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="130"/>
        <source>Waiting for review</source>
        <translation>Menunggu tinjauan</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="142"/>
        <source>Revisit list</source>
        <translation>Daftar kunjungan ulang</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="42"/>
        <source>recorded</source>
        <extracomment>A bare call, which lupdate extracts with its literal context. The states the fixed words name, worded as on every other screen.</extracomment>
        <translation>terekam</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="43"/>
        <source>waiting for review</source>
        <translation>menunggu tinjauan</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="44"/>
        <source>returned</source>
        <translation>dikembalikan</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="45"/>
        <source>rejected by the data center</source>
        <translation>ditolak data center</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="46"/>
        <location filename="../../ui/review_words.py" line="89"/>
        <source>not at home</source>
        <translation>tidak di rumah</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="47"/>
        <source>not yet</source>
        <translation>belum</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="48"/>
        <source>other outcome</source>
        <translation>hasil lain</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="52"/>
        <source>Nobody is to be visited today.</source>
        <translation>Tidak ada orang yang dikunjungi hari ini.</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="53"/>
        <source>The people of today&apos;s visits appear here once their list is imported in Planning → Targets.</source>
        <translation>Orang dari kunjungan hari ini muncul di sini setelah daftarnya diimpor di Perencanaan → Sasaran.</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="60"/>
        <source>No record waits for review.</source>
        <translation>Tidak ada rekaman yang menunggu tinjauan.</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="61"/>
        <source>Records the petugas finish with a flag (an exception, a thumbprint, a guardian&apos;s consent) appear here.</source>
        <translation>Rekaman yang diselesaikan petugas dengan tanda (pengecualian, cap ibu jari, persetujuan wali) muncul di sini.</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="68"/>
        <source>Nobody is on the revisit list.</source>
        <translation>Tidak ada orang di daftar kunjungan ulang.</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="69"/>
        <source>People not at home, returned for recapture or refused by the data center appear here.</source>
        <translation>Orang yang tidak di rumah, dikembalikan untuk rekam ulang, atau ditolak data center muncul di sini.</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="76"/>
        <source>not started</source>
        <translation>belum dimulai</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="77"/>
        <source>incomplete</source>
        <translation>belum lengkap</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="78"/>
        <source>complete, not signed</source>
        <translation>lengkap, belum ditandatangani</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="79"/>
        <source>signed</source>
        <translation>ditandatangani</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="82"/>
        <source>returned by the ketua tim</source>
        <translation>dikembalikan ketua tim</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="83"/>
        <source>refused by the data center</source>
        <translation>ditolak data center</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="86"/>
        <source>data center asks for a recapture</source>
        <translation>data center meminta rekam ulang</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="92"/>
        <source>family notified</source>
        <translation>keluarga diberi tahu</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="93"/>
        <source>family unreachable</source>
        <translation>keluarga tidak dapat dihubungi</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="96"/>
        <source>amputated / missing</source>
        <translation>diamputasi / tidak ada</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="97"/>
        <source>bandaged / injured</source>
        <translation>diperban / luka</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="98"/>
        <source>worn / unreadable</source>
        <translation>aus / tidak terbaca</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="99"/>
        <source>tremor</source>
        <translation>tremor</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="100"/>
        <source>blind / eye disease</source>
        <translation>tunanetra / penyakit mata</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="101"/>
        <location filename="../../ui/review_words.py" line="107"/>
        <source>cannot cooperate</source>
        <translation>tidak dapat bekerja sama</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="102"/>
        <location filename="../../ui/review_words.py" line="111"/>
        <source>other</source>
        <translation>lainnya</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="105"/>
        <source>worn prints</source>
        <translation>sidik jari aus</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="106"/>
        <source>skin condition</source>
        <translation>kondisi kulit</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="108"/>
        <source>eye condition</source>
        <translation>kondisi mata</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="109"/>
        <source>device limit</source>
        <translation>keterbatasan alat</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="110"/>
        <source>time limit</source>
        <translation>batas waktu</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="114"/>
        <source>right thumb</source>
        <translation>ibu jari kanan</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="115"/>
        <source>right index finger</source>
        <translation>telunjuk kanan</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="116"/>
        <source>right middle finger</source>
        <translation>jari tengah kanan</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="117"/>
        <source>right ring finger</source>
        <translation>jari manis kanan</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="118"/>
        <source>right little finger</source>
        <translation>kelingking kanan</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="119"/>
        <source>left thumb</source>
        <translation>ibu jari kiri</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="120"/>
        <source>left index finger</source>
        <translation>telunjuk kiri</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="121"/>
        <source>left middle finger</source>
        <translation>jari tengah kiri</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="122"/>
        <source>left ring finger</source>
        <translation>jari manis kiri</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="123"/>
        <source>left little finger</source>
        <translation>kelingking kiri</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="127"/>
        <source>right eye</source>
        <translation>mata kanan</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="128"/>
        <source>left eye</source>
        <translation>mata kiri</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="129"/>
        <source>both eyes</source>
        <translation>kedua mata</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="130"/>
        <source>face photo</source>
        <translation>foto wajah</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="131"/>
        <source>signature</source>
        <translation>tanda tangan</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="132"/>
        <source>right four fingers</source>
        <translation>empat jari kanan</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="133"/>
        <source>left four fingers</source>
        <translation>empat jari kiri</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="134"/>
        <source>both thumbs</source>
        <translation>kedua ibu jari</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="135"/>
        <source>thumbprint</source>
        <translation>cap ibu jari</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="136"/>
        <source>consent letter</source>
        <translation>surat persetujuan</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="159"/>
        <source>permanent</source>
        <translation>permanen</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="161"/>
        <source>temporary</source>
        <translation>sementara</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="165"/>
        <source>Exception, %1: %2, %3</source>
        <translation>Pengecualian, %1: %2, %3</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="174"/>
        <source>%1 kept below the threshold: %2</source>
        <translation>%1 disimpan di bawah ambang: %2</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="180"/>
        <source>Thumbprint instead of a signature</source>
        <translation>Cap ibu jari sebagai ganti tanda tangan</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="187"/>
        <source>; kept by the petugas because: %1</source>
        <translation>; dipertahankan petugas karena: %1</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="191"/>
        <source>NIK warning</source>
        <translation>Peringatan NIK</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="202"/>
        <source>a guardian (wali)</source>
        <translation>wali</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="204"/>
        <source>a carer</source>
        <translation>pendamping</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="206"/>
        <source>Consent given by %1</source>
        <translation>Persetujuan diberikan oleh %1</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="209"/>
        <source>%1, %2 of the person</source>
        <translation>%1 (hubungan: %2)</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="217"/>
        <source>NIK %1</source>
        <translation>NIK %1</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="221"/>
        <source>the letter&apos;s photo is below</source>
        <translation>foto suratnya ada di bawah</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="223"/>
        <source>no photo of a consent letter was taken</source>
        <translation>tidak ada foto surat persetujuan</translation>
    </message>
    <message>
        <location filename="../../ui/review_words.py" line="194"/>
        <source>Other flag</source>
        <translation>Tanda lain</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="190"/>
        <location filename="../../ui/review_page.py" line="191"/>
        <source>Review now</source>
        <translation>Tinjau sekarang</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="194"/>
        <location filename="../../ui/review_page.py" line="195"/>
        <source>Open the revisit list</source>
        <translation>Buka daftar kunjungan ulang</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="206"/>
        <source>Equipment (sarpras)</source>
        <translation>Sarana dan prasarana (sarpras)</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="211"/>
        <location filename="../../ui/review_page.py" line="285"/>
        <location filename="../../ui/review_revisits.py" line="70"/>
        <source>Name</source>
        <extracomment>A bare call, which lupdate extracts with its literal context. A contact or a plan was recorded: the page redraws its lists.</extracomment>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="211"/>
        <location filename="../../ui/review_page.py" line="285"/>
        <location filename="../../ui/review_revisits.py" line="71"/>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="211"/>
        <source>State</source>
        <translation>Keadaan</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="211"/>
        <source>Visit</source>
        <translation>Kunjungan</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="213"/>
        <source>Today&apos;s people</source>
        <translation>Sasaran hari ini</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="252"/>
        <source>%1: taken out %2, handed back %3</source>
        <translation>%1: pengambilan %2, pengembalian %3</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="243"/>
        <source>Waiting for review: %1. On the revisit list: %2.</source>
        <translation>Menunggu tinjauan: %1. Dalam daftar kunjungan ulang: %2.</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="143"/>
        <source>Undo</source>
        <translation>Urungkan</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="144"/>
        <source>Undo the decision</source>
        <translation>Urungkan keputusan</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/review_page.py" line="230"/>
        <source>Today, %1: %2 people on %n visit(s)</source>
        <translation>
            <numerusform>Hari ini, %1: %2 sasaran pada %Ln kunjungan</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/review_page.py" line="240"/>
        <source>%1 (%n of them from other days)</source>
        <translation>
            <numerusform>%1 (%Ln di antaranya dari hari lain)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="260"/>
        <source>No visit is planned for today.</source>
        <translation>Tidak ada kunjungan terjadwal hari ini.</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="285"/>
        <source>Flags</source>
        <translation>Tanda</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="287"/>
        <source>Records waiting for review</source>
        <translation>Rekaman yang menunggu tinjauan</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="293"/>
        <location filename="../../ui/review_page.py" line="388"/>
        <source>Choose a record to see its flags.</source>
        <translation>Pilih rekaman untuk melihat tandanya.</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="302"/>
        <source>Proof photos</source>
        <translation>Foto bukti</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="305"/>
        <source>Note (optional)</source>
        <translation>Catatan (tidak wajib)</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="306"/>
        <source>Approval note</source>
        <translation>Catatan persetujuan</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="307"/>
        <location filename="../../ui/review_page.py" line="309"/>
        <source>Approve</source>
        <translation>Setujui</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="312"/>
        <source>Why it must be recorded again</source>
        <translation>Mengapa harus direkam ulang</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="313"/>
        <source>Reason for return</source>
        <translation>Alasan dikembalikan</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="314"/>
        <location filename="../../ui/review_page.py" line="315"/>
        <location filename="../../ui/review_page.py" line="479"/>
        <source>Return for recapture</source>
        <translation>Kembalikan untuk rekam ulang</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="318"/>
        <source>Decision</source>
        <translation>Keputusan</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="329"/>
        <source>Flags and proof photos</source>
        <translation>Tanda dan foto bukti</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="402"/>
        <source>Photo of the consent letter: %1</source>
        <translation>Foto surat persetujuan: %1</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="414"/>
        <source>Proof photo: %1</source>
        <translation>Foto bukti: %1</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="423"/>
        <source>Click to enlarge.</source>
        <translation>Klik untuk memperbesar.</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="434"/>
        <source>✔ Approved: %1. Choose the next person in the list.</source>
        <translation>✔ Disetujui: %1. Pilih orang berikutnya di daftar.</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="436"/>
        <source>↩ Returned for recapture: %1. Choose the next person in the list.</source>
        <translation>↩ Dikembalikan untuk rekam ulang: %1. Pilih orang berikutnya di daftar.</translation>
    </message>
    <message>
        <location filename="../../ui/review_photo.py" line="17"/>
        <source>Proof photo</source>
        <translation>Foto bukti</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="459"/>
        <source>Approved: %1. The record goes with the next sync.</source>
        <translation>Disetujui: %1. Rekaman ikut sinkronisasi berikutnya.</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="480"/>
        <source>Return the record of %1 for recapture?</source>
        <translation>Kembalikan rekaman %1 untuk rekam ulang?</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="485"/>
        <source>It is not sent to the data center; %1 goes on the revisit list to be recorded again. Reason: %2</source>
        <translation>Rekaman tidak dikirim ke data center; %1 masuk daftar kunjungan ulang untuk direkam lagi. Alasan: %2</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="492"/>
        <source>Return %1</source>
        <translation>Kembalikan %1</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="494"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="516"/>
        <source>Returned: %1. The record is not sent; the person is on the revisit list.</source>
        <translation>Dikembalikan: %1. Rekaman tidak dikirim; orangnya masuk daftar kunjungan ulang.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/review_page.py" line="538"/>
        <source>Undo this decision within %n second(s): the record waits for review again.</source>
        <translation>
            <numerusform>Urungkan keputusan ini dalam %Ln detik: rekaman kembali menunggu tinjauan.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/review_page.py" line="562"/>
        <source>Decision undone: the record waits for review again.</source>
        <translation>Keputusan diurungkan: rekaman kembali menunggu tinjauan.</translation>
    </message>
    <message>
        <location filename="../../ui/review_revisits.py" line="72"/>
        <source>Why</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <location filename="../../ui/review_revisits.py" line="73"/>
        <source>Date</source>
        <translation>Tanggal</translation>
    </message>
    <message>
        <location filename="../../ui/review_revisits.py" line="74"/>
        <source>Family</source>
        <translation>Keluarga</translation>
    </message>
    <message>
        <location filename="../../ui/review_revisits.py" line="77"/>
        <source>People to visit again</source>
        <translation>Sasaran yang dikunjungi ulang</translation>
    </message>
    <message>
        <location filename="../../ui/review_revisits.py" line="82"/>
        <location filename="../../ui/review_revisits.py" line="83"/>
        <source>Family notified</source>
        <translation>Keluarga diberi tahu</translation>
    </message>
    <message>
        <location filename="../../ui/review_revisits.py" line="87"/>
        <location filename="../../ui/review_revisits.py" line="88"/>
        <source>Family unreachable</source>
        <translation>Keluarga tidak dapat dihubungi</translation>
    </message>
    <message>
        <location filename="../../ui/review_revisits.py" line="94"/>
        <source>Date of the revisit</source>
        <translation>Tanggal kunjungan ulang</translation>
    </message>
    <message>
        <location filename="../../ui/review_revisits.py" line="95"/>
        <location filename="../../ui/review_revisits.py" line="96"/>
        <source>Plan a revisit</source>
        <translation>Rencanakan kunjungan ulang</translation>
    </message>
    <message>
        <location filename="../../ui/review_revisits.py" line="135"/>
        <location filename="../../ui/review_revisits.py" line="148"/>
        <source>Choose a person on the revisit list first.</source>
        <translation>Pilih dulu sasaran di daftar kunjungan ulang.</translation>
    </message>
    <message>
        <location filename="../../ui/review_revisits.py" line="142"/>
        <source>Contact with the family recorded.</source>
        <translation>Kontak dengan keluarga dicatat.</translation>
    </message>
    <message>
        <location filename="../../ui/review_revisits.py" line="156"/>
        <source>Revisit planned: a new visit with this person.</source>
        <translation>Kunjungan ulang direncanakan: kunjungan baru dengan sasaran ini.</translation>
    </message>
</context>
<context>
    <name>ReviewStep</name>
    <message>
        <location filename="../../ui/enrollment/review.py" line="55"/>
        <source>Capture</source>
        <extracomment>The record is sealed (a ``finish.FinishedRecord``). The draft whose pictures the row shows (or is fetching).</extracomment>
        <translation>Rekam</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/review.py" line="56"/>
        <source>State</source>
        <translation>Keadaan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/review.py" line="57"/>
        <source>Attempts</source>
        <translation>Percobaan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/review.py" line="58"/>
        <source>Best score</source>
        <translation>Skor terbaik</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/review.py" line="59"/>
        <source>Exceptions</source>
        <translation>Pengecualian</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/review.py" line="75"/>
        <location filename="../../ui/enrollment/review.py" line="79"/>
        <source>Finish and seal the record</source>
        <translation>Selesai dan segel rekaman</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/review.py" line="130"/>
        <source>Still missing:</source>
        <translation>Masih kurang:</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/review.py" line="133"/>
        <source>Everything is captured or excepted.</source>
        <translation>Semua sudah direkam atau dikecualikan.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/review.py" line="167"/>
        <source>Consent letter</source>
        <translation>Surat persetujuan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/review.py" line="168"/>
        <source>Photo of the consent letter</source>
        <translation>Foto surat persetujuan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/review.py" line="170"/>
        <source>Proof: %1</source>
        <translation>Bukti: %1</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/review.py" line="173"/>
        <source>Proof photo: %1</source>
        <translation>Foto bukti: %1</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/review.py" line="203"/>
        <source>Sealing the record…</source>
        <translation>Menyegel rekaman…</translation>
    </message>
</context>
<context>
    <name>SarprasPage</name>
    <message>
        <location filename="../../ui/sarpras_words.py" line="90"/>
        <source>not checked yet</source>
        <translation>belum diperiksa</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_words.py" line="37"/>
        <source>✔ ok</source>
        <extracomment>A bare call, which lupdate extracts with its literal context. Why a row is not done yet (the sentences the CLI shares).</extracomment>
        <translation>✔ baik</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_words.py" line="38"/>
        <source>✖ faulty</source>
        <translation>✖ rusak</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_words.py" line="39"/>
        <source>✖ missing</source>
        <translation>✖ tidak ada</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="120"/>
        <source>Sarpras visit</source>
        <extracomment>Which editor field a refusal is about (its message goes under that field). The editor holds changes to the selected row that are not saved yet. The question &quot;Sign the checklist?&quot; while it is open (see :meth:`sign`).</extracomment>
        <translation>Kunjungan sarpras</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="123"/>
        <source>Sarpras phase</source>
        <translation>Tahap sarpras</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="124"/>
        <source>Pre-trip (check-out)</source>
        <translation>Pengambilan (sebelum berangkat)</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="125"/>
        <source>Return (check-in)</source>
        <translation>Pengembalian</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="127"/>
        <source>Test the simulators (training, no hardware)</source>
        <translation>Uji simulator (latihan, tanpa perangkat)</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="128"/>
        <source>Run device self-tests</source>
        <translation>Jalankan uji mandiri perangkat</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="130"/>
        <source>Visit</source>
        <translation>Kunjungan</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="146"/>
        <source>Item</source>
        <translation>Barang</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="147"/>
        <source>Self-test</source>
        <translation>Uji mandiri</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="148"/>
        <source>Condition</source>
        <translation>Kondisi</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="149"/>
        <source>Quantity</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="150"/>
        <source>Note</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="151"/>
        <source>Row done</source>
        <translation>Baris selesai</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="155"/>
        <source>Sarpras checklist</source>
        <translation>Daftar periksa sarpras</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="164"/>
        <source>No equipment is listed for this visit.</source>
        <translation>Belum ada perlengkapan dalam daftar kunjungan ini.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="166"/>
        <source>Choose a visit above; if the list stays empty, ask the office for the equipment list.</source>
        <translation>Pilih kunjungan di atas; bila daftar tetap kosong, mintalah daftar perlengkapan ke kantor.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="175"/>
        <source>Selected row</source>
        <translation>Baris terpilih</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="181"/>
        <source>Row condition</source>
        <translation>Kondisi baris</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="184"/>
        <source>good (baik)</source>
        <translation>baik</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="185"/>
        <source>complete (lengkap)</source>
        <translation>lengkap</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="186"/>
        <source>clean (bersih)</source>
        <translation>bersih</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="188"/>
        <source>Row quantity</source>
        <translation>Jumlah baris</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="190"/>
        <source>qty </source>
        <translation>jml </translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="192"/>
        <source>Row note</source>
        <translation>Catatan baris</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="193"/>
        <source>note: what is wrong</source>
        <translation>catatan: apa yang bermasalah</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="194"/>
        <source>Save row</source>
        <translation>Simpan baris</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="220"/>
        <source>Goods keeper&apos;s name</source>
        <translation>Nama pengurus barang</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="221"/>
        <source>goods keeper (pengurus barang)</source>
        <translation>nama pengurus barang</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="224"/>
        <source>Accepted by the goods keeper</source>
        <translation>Diterima pengurus barang</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="226"/>
        <source>Mark every other row OK</source>
        <translation>Tandai baris lainnya baik</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="228"/>
        <source>Sign as ketua tim</source>
        <translation>Tanda tangani sebagai ketua tim</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_words.py" line="93"/>
        <source>good</source>
        <translation>baik</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_words.py" line="94"/>
        <source>complete</source>
        <translation>lengkap</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_words.py" line="95"/>
        <source>clean</source>
        <translation>bersih</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_words.py" line="103"/>
        <source>✔ done</source>
        <translation>✔ selesai</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="311"/>
        <source>Accepted by the goods keeper %1 on %2.</source>
        <translation>Diterima pengurus barang %1 pada %2.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="319"/>
        <source>Not started: run the self-tests or mark the rows to begin.</source>
        <translation>Belum dimulai: jalankan uji mandiri atau tandai baris untuk memulai.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="322"/>
        <source>Signed by %1 on %2.</source>
        <translation>Ditandatangani oleh %1 pada %2.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sarpras_page.py" line="327"/>
        <source>%n row(s) still to do before it can be signed.</source>
        <translation>
            <numerusform>Masih %Ln baris yang harus diisi sebelum dapat ditandatangani.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="330"/>
        <source>Complete. Only the ketua tim may sign: log in as the ketua tim.</source>
        <translation>Lengkap. Hanya ketua tim yang boleh menandatangani: masuk sebagai ketua tim.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="332"/>
        <source>Complete: ready for your signature.</source>
        <translation>Lengkap: siap Anda tandatangani.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="385"/>
        <source>Choose a row in the list.</source>
        <translation>Pilih sebuah baris di daftar.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="390"/>
        <source>faulty when taken out</source>
        <translation>rusak saat diambil</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="419"/>
        <location filename="../../ui/sarpras_page.py" line="513"/>
        <source>Plan a visit first.</source>
        <translation>Jadwalkan kunjungan dulu.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="428"/>
        <source>Testing the devices… this takes a few seconds.</source>
        <translation>Menguji perangkat… ini memerlukan beberapa detik.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="441"/>
        <source>Self-test failed: %1</source>
        <translation>Uji mandiri gagal: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="443"/>
        <source>Every device passed its self-test.</source>
        <translation>Semua perangkat lulus uji mandiri.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="496"/>
        <source>%1 was not saved: %2</source>
        <translation>%1 belum tersimpan: %2</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="490"/>
        <source>Saved: %1</source>
        <translation>Disimpan: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="522"/>
        <source>The other rows are marked OK.</source>
        <translation>Baris lainnya ditandai baik.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="540"/>
        <source>The goods keeper&apos;s acceptance is recorded.</source>
        <translation>Penerimaan oleh pengurus barang dicatat.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="555"/>
        <source>Sign the checklist?</source>
        <translation>Tanda tangani daftar periksa?</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="558"/>
        <source>%1 of the visit %2. Once signed, the list can no longer be changed.</source>
        <translation>Daftar %1 untuk kunjungan %2. Setelah ditandatangani, daftar ini tidak bisa diubah lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="562"/>
        <source>Sign</source>
        <translation>Tanda tangani</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="564"/>
        <source>Not yet</source>
        <translation>Belum</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="578"/>
        <source>Checklist signed.</source>
        <translation>Daftar periksa ditandatangani.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/settings_page.py" line="93"/>
        <source>Face camera</source>
        <translation>Kamera wajah</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="94"/>
        <source>Fingerprint scanner</source>
        <translation>Pemindai sidik jari</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="95"/>
        <source>Iris camera</source>
        <translation>Kamera iris</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="96"/>
        <source>Signature pad</source>
        <translation>Bantalan tanda tangan</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="97"/>
        <source>Card reader</source>
        <translation>Pembaca kartu</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="129"/>
        <source>Devices and backends</source>
        <translation>Perangkat dan modulnya</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="133"/>
        <source>Device</source>
        <translation>Perangkat</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="133"/>
        <source>Backend</source>
        <translation>Modul</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="133"/>
        <source>State</source>
        <translation>Keadaan</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="133"/>
        <source>Detail</source>
        <translation>Rincian</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="136"/>
        <source>Devices table</source>
        <translation>Tabel perangkat</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="149"/>
        <source>No device is listed yet.</source>
        <translation>Belum ada perangkat dalam daftar.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="150"/>
        <source>Press &quot;Check devices now&quot; to look for the devices.</source>
        <translation>Tekan &quot;Periksa perangkat sekarang&quot; untuk mencari perangkat.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="152"/>
        <source>Check devices now</source>
        <translation>Periksa perangkat sekarang</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="156"/>
        <source>Device to pin</source>
        <translation>Perangkat yang ditetapkan</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="160"/>
        <source>Backend to use</source>
        <translation>Modul yang dipakai</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="168"/>
        <source>Backend options</source>
        <translation>Pilihan modul</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="169"/>
        <source>Use this backend</source>
        <translation>Pakai modul ini</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="198"/>
        <location filename="../../ui/settings_page.py" line="200"/>
        <source>Serial port</source>
        <translation>Port serial</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="208"/>
        <source>Refresh the port list</source>
        <translation>Muat ulang daftar port</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="280"/>
        <source>No serial port detected</source>
        <translation>Tidak ada port serial terdeteksi</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="243"/>
        <source>Choose the adapter&apos;s port</source>
        <translation>Pilih port adaptornya</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="246"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="249"/>
        <source>USB-UART adapter %1 (USB %2:%3)</source>
        <translation>Adaptor USB-UART %1 (USB %2:%3)</translation>
    </message>
    <message>
        <location filename="../../ui/device_catalogue.py" line="152"/>
        <location filename="../../ui/settings_page.py" line="291"/>
        <source>automatic</source>
        <translation>otomatis</translation>
    </message>
    <message>
        <location filename="../../ui/settings_devices.py" line="79"/>
        <source>Press &quot;Check devices now&quot;.</source>
        <extracomment>The devices table&apos;s column that shows the state, drawn as a pill.</extracomment>
        <translation>Tekan &quot;Periksa perangkat sekarang&quot;.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_devices.py" line="167"/>
        <source>Unplug (training)</source>
        <translation>Cabut (latihan)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_devices.py" line="169"/>
        <source>Unplug the %1 (training)</source>
        <translation>Cabut %1 (latihan)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_devices.py" line="174"/>
        <source>Plug back in</source>
        <translation>Pasang lagi</translation>
    </message>
    <message>
        <location filename="../../ui/settings_devices.py" line="176"/>
        <source>Plug the %1 back in</source>
        <translation>Pasang lagi %1</translation>
    </message>
    <message>
        <location filename="../../ui/settings_devices.py" line="191"/>
        <source>%1 is unplugged (training). Try a capture to see what happens.</source>
        <translation>%1 dicabut (latihan). Cobalah merekam untuk melihat akibatnya.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_devices.py" line="199"/>
        <source>%1 is plugged back in (training).</source>
        <translation>%1 sudah dipasang lagi (latihan).</translation>
    </message>
    <message>
        <location filename="../../ui/settings_devices.py" line="216"/>
        <source>%1 now uses %2.</source>
        <translation>%1 kini memakai %2.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_devices.py" line="218"/>
        <source>%1 will use %2 as soon as it finishes what it is doing.</source>
        <translation>%1 akan memakai %2 begitu tugasnya yang sekarang selesai.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_devices.py" line="222"/>
        <source>%1 will use %2 when the recording on the Enrollment screen ends: it is using the device now.</source>
        <translation>%1 akan memakai %2 setelah perekaman di layar Perekaman selesai: perangkatnya sedang dipakai.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_devices.py" line="228"/>
        <source>%1 will use %2 when training mode is off: in training the simulated devices are used.</source>
        <translation>%1 akan memakai %2 setelah mode latihan dimatikan: selama latihan, perangkat simulator yang dipakai.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="305"/>
        <source>Looking for devices…</source>
        <translation>Mencari perangkat…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/settings_page.py" line="335"/>
        <source>%n device(s) checked.</source>
        <translation>
            <numerusform>%Ln perangkat diperiksa.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/settings_devices.py" line="212"/>
        <source>%1 will use %2 from the next start of FieldKit.</source>
        <translation>%1 akan memakai %2 mulai FieldKit dibuka berikutnya.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="364"/>
        <source>Every device is detected automatically.</source>
        <translation>Semua perangkat dideteksi otomatis.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="373"/>
        <source>Pinned: %1</source>
        <translation>Ditetapkan: %1</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="381"/>
        <source>Training mode</source>
        <translation>Mode latihan</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="383"/>
        <source>Train with the simulated devices (LATIHAN)</source>
        <translation>Berlatih dengan perangkat simulator (LATIHAN)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="392"/>
        <source>Training records go to a visit of their own (Desa Latihan): they are never sent and never appear in a report. Real visits cannot be recorded meanwhile.</source>
        <translation>Rekaman latihan masuk ke kunjungan tersendiri (Desa Latihan): tidak pernah dikirim dan tidak pernah masuk laporan. Selama mode ini aktif, kunjungan sungguhan tidak dapat direkam.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="408"/>
        <source>Training mode is on: the simulated devices are in use.</source>
        <translation>Mode latihan aktif: perangkat simulator yang dipakai.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="410"/>
        <source>Training mode is off: the real devices are in use.</source>
        <translation>Mode latihan mati: perangkat sungguhan yang dipakai.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="416"/>
        <source>Log files</source>
        <translation>Berkas log</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="420"/>
        <source>Log folder</source>
        <translation>Folder log</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="423"/>
        <source>Open the log folder</source>
        <translation>Buka folder log</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="431"/>
        <source>Cannot open the folder; its path is shown under Log files.</source>
        <translation>Folder tidak dapat dibuka; letaknya tertulis di bagian Berkas log.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="434"/>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="440"/>
        <source>Save language</source>
        <translation>Simpan bahasa</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="444"/>
        <source>Language note</source>
        <translation>Catatan bahasa</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="448"/>
        <location filename="../../ui/settings_page.py" line="450"/>
        <source>Language of the app</source>
        <translation>Bahasa aplikasi</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="459"/>
        <source>Cannot save the language: %1</source>
        <translation>Bahasa tidak dapat disimpan: %1</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="463"/>
        <source>Saved. This language is already in use.</source>
        <translation>Disimpan. Bahasa ini sudah dipakai.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="466"/>
        <source>Saved. Restart the app to apply the language.</source>
        <translation>Disimpan. Mulai ulang aplikasi untuk menerapkan bahasa.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="473"/>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="476"/>
        <location filename="../../ui/settings_page.py" line="486"/>
        <source>Theme of the app</source>
        <translation>Tema aplikasi</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="478"/>
        <source>Follow Windows</source>
        <translation>Ikuti Windows</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="479"/>
        <source>Light</source>
        <translation>Terang</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="480"/>
        <source>Dark</source>
        <translation>Gelap</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="481"/>
        <source>High contrast</source>
        <translation>Kontras tinggi</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="495"/>
        <source>Cannot save the theme: %1</source>
        <translation>Tema tidak dapat disimpan: %1</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="501"/>
        <source>Data center</source>
        <translation>Data center</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="507"/>
        <source>Address</source>
        <translation>Alamat</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="508"/>
        <source>Registration</source>
        <translation>Pendaftaran</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="52"/>
        <source>Quality and sync thresholds</source>
        <extracomment>A bare call, which lupdate extracts with its literal context.</extracomment>
        <translation>Ambang mutu dan sinkronisasi</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="61"/>
        <source>Face (0-100)</source>
        <translation>Wajah (0-100)</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="62"/>
        <source>Fingerprint, NFIQ 2 (0-100)</source>
        <translation>Sidik jari, nilai mutu (0-100)</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="63"/>
        <source>Iris (0-100)</source>
        <translation>Iris (0-100)</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="64"/>
        <source>Signature (0-100)</source>
        <translation>Tanda tangan (0-100)</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="81"/>
        <source>Attempts before a reason is needed</source>
        <extracomment>Settings key -&gt; (its label, its name without the mark). Settings key -&gt; the input&apos;s own tooltip, given back when the office&apos;s mark goes.</extracomment>
        <translation>Percobaan sebelum alasan diperlukan</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="86"/>
        <source> days</source>
        <translation> hari</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="90"/>
        <source>Stop new enrollments after no sync for</source>
        <translation>Hentikan perekaman baru bila tidak sinkron selama</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="95"/>
        <source> records</source>
        <translation> rekaman</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="99"/>
        <source>…or with more waiting than</source>
        <translation>…atau bila yang menunggu lebih dari</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="102"/>
        <source>offered</source>
        <translation>ditawarkan</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="104"/>
        <source>After a capture kept below the threshold or an exception, the ketua tim present countersigns with the staff card and PIN; the record then does not wait for the review.</source>
        <translation>Setelah rekaman disimpan di bawah ambang atau pengecualian dicatat, ketua tim yang hadir menandatangani dengan kartu petugas dan PIN; rekaman lalu tidak menunggu tinjauan.</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="114"/>
        <source>Countersign on the spot</source>
        <translation>Tanda tangan di tempat</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="117"/>
        <source>on</source>
        <translation>aktif</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="119"/>
        <source>A capture step takes its capture by itself once the person has held still for the steady spell; the petugas may still switch it off for one person.</source>
        <translation>Langkah perekaman merekam sendiri begitu orangnya diam selama waktu diam ini; petugas masih boleh mematikannya untuk satu orang.</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="128"/>
        <source>Auto-capture</source>
        <translation>Rekam otomatis</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="135"/>
        <source> s</source>
        <translation> detik</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="139"/>
        <source>Auto-capture after holding still for</source>
        <translation>Rekam otomatis setelah diam selama</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="144"/>
        <source>Save thresholds</source>
        <extracomment>The spell as read, so saving an untouched box leaves the office&apos;s value alone.</extracomment>
        <translation>Simpan ambang</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="182"/>
        <source>(set by the office)</source>
        <translation>(ditetapkan kantor)</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="183"/>
        <source>The office set this rule in its package: it may be made stricter here, never looser. The next package from the office sets it again.</source>
        <translation>Kantor menetapkan aturan ini dalam paketnya: di sini boleh dibuat lebih ketat, tidak boleh lebih longgar. Paket kantor berikutnya menetapkannya lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="188"/>
        <source>The office set this value in its package: it cannot be changed here. The next package from the office sets it again.</source>
        <translation>Kantor menetapkan nilai ini dalam paketnya: tidak dapat diubah di sini. Paket berikutnya dari kantor menetapkannya lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/rules_box.py" line="232"/>
        <source>Thresholds saved; they apply to the next capture.</source>
        <translation>Ambang disimpan; berlaku untuk perekaman berikutnya.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="539"/>
        <source>not set</source>
        <translation>belum diatur</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="541"/>
        <source>enrolled: records are sealed to the data center&apos;s key</source>
        <translation>terdaftar: rekaman disegel dengan kunci data center</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="543"/>
        <source>not enrolled: records are sealed with the demo key</source>
        <translation>belum terdaftar: rekaman disegel dengan kunci demo</translation>
    </message>
</context>
<context>
    <name>StartScreen</name>
    <message>
        <location filename="../../ui/enrollment/start.py" line="71"/>
        <source>Visit list</source>
        <extracomment>The officer asked to go to Sinkronisasi (to enroll this laptop).</extracomment>
        <translation>Daftar sasaran</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="72"/>
        <source>Add a person on the spot</source>
        <translation>Tambah orang di tempat</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="73"/>
        <source>Drafts (paused)</source>
        <translation>Draf (dijeda)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="88"/>
        <source>Recording cannot start: this laptop is not enrolled with a data center yet, so nothing recorded could be delivered.</source>
        <translation>Perekaman belum bisa dimulai: laptop ini belum terdaftar di data center, jadi hasil rekaman tidak akan bisa dikirim.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="93"/>
        <source>Open Sync to enroll</source>
        <translation>Buka Sinkronisasi untuk mendaftar</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="106"/>
        <source>Fingers: 4-4-2 slaps</source>
        <translation>Sidik jari: 4 jari kiri, 4 jari kanan, 2 ibu jari</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="107"/>
        <source>Fingers: one at a time</source>
        <translation>Sidik jari: satu per satu</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="109"/>
        <source>Signature</source>
        <translation>Tanda tangan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="111"/>
        <source>Thumbprint (cannot sign)</source>
        <translation>Cap jempol (tidak dapat menandatangani)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="122"/>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="122"/>
        <location filename="../../ui/enrollment/start.py" line="239"/>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="122"/>
        <location filename="../../ui/enrollment/start.py" line="247"/>
        <source>Categories</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="122"/>
        <source>Outcome</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="129"/>
        <source>Nobody is on this visit&apos;s list.</source>
        <translation>Belum ada orang di daftar kunjungan ini.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="131"/>
        <source>Import the desa&apos;s list in Planning → Targets, or add a person met on the spot in the next tab.</source>
        <translation>Impor daftar desa di Perencanaan → Sasaran, atau tambahkan orang yang ditemui di tempat pada tab berikutnya.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="137"/>
        <source>Start enrollment of the selected person</source>
        <translation>Mulai perekaman orang yang dipilih</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="147"/>
        <source>Not recorded: say why</source>
        <translation>Tidak direkam: sebutkan alasannya</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="150"/>
        <source>Not at home</source>
        <translation>Tidak di rumah</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="151"/>
        <source>Refused</source>
        <translation>Menolak</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="152"/>
        <source>Deceased</source>
        <translation>Meninggal dunia</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="153"/>
        <source>Moved away</source>
        <translation>Pindah</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="154"/>
        <source>Unable (give a reason)</source>
        <translation>Tidak dapat (sebutkan alasan)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="155"/>
        <source>Revisit on a date</source>
        <translation>Kunjungan ulang pada tanggal</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="160"/>
        <source>reason</source>
        <translation>alasan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="165"/>
        <source>Record outcome</source>
        <translation>Catat hasil</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="170"/>
        <source>revisit</source>
        <translation>kunjungan ulang</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="190"/>
        <source>dd-mm-yyyy</source>
        <translation>hh-bb-tttt</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="192"/>
        <source>L (male)</source>
        <translation>L (laki-laki)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="193"/>
        <source>P (female)</source>
        <translation>P (perempuan)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="194"/>
        <source>choose L or P</source>
        <translation>pilih L atau P</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="208"/>
        <source>RT</source>
        <translation>RT</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="210"/>
        <source>RW</source>
        <translation>RW</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="214"/>
        <source>Elderly (lansia)</source>
        <translation>Lansia</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="215"/>
        <source>Disability (disabilitas)</source>
        <translation>Disabilitas</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="216"/>
        <source>Mental illness (ODGJ)</source>
        <translation>ODGJ</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="217"/>
        <source>Bed-bound (terbaring)</source>
        <translation>Terbaring</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="218"/>
        <source>Other (lainnya)</source>
        <translation>Lainnya</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="226"/>
        <source>which disability, or the &apos;other&apos; category</source>
        <translation>jenis disabilitas, atau keterangan kategori &apos;lainnya&apos;</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="229"/>
        <source>Check NIK and KK</source>
        <translation>Periksa NIK dan KK</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="231"/>
        <source>Add and start enrollment</source>
        <translation>Tambah dan mulai perekaman</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="240"/>
        <source>KK number</source>
        <translation>Nomor KK</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="241"/>
        <source>Full name</source>
        <translation>Nama lengkap</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="242"/>
        <source>Birth place</source>
        <translation>Tempat lahir</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="243"/>
        <source>Birth date</source>
        <translation>Tanggal lahir</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="244"/>
        <source>Sex</source>
        <translation>Jenis kelamin</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="245"/>
        <source>Address</source>
        <translation>Alamat</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="326"/>
        <source>rejected by the data center: record again</source>
        <translation>ditolak data center: rekam ulang</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="331"/>
        <source>record again</source>
        <translation>rekam ulang</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="335"/>
        <source>revisit %1</source>
        <translation>kunjungan ulang %1</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="340"/>
        <source>no outcome yet</source>
        <translation>belum ada hasil</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="386"/>
        <source>paused</source>
        <translation>dijeda</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="386"/>
        <source>open</source>
        <translation>terbuka</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="415"/>
        <source>This scanner takes one finger at a time: the fingers are recorded one by one.</source>
        <translation>Pemindai ini hanya membaca satu jari sekaligus: sidik jari direkam satu per satu.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="471"/>
        <location filename="../../ui/enrollment/start.py" line="577"/>
        <source>Pick a person from the visit list first.</source>
        <translation>Pilih dulu orang dari daftar sasaran.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="507"/>
        <source>Type the birth date (dd-mm-yyyy) first.</source>
        <translation>Ketik tanggal lahir dulu (hh-bb-tttt).</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="509"/>
        <source>Choose the sex (L or P) first.</source>
        <translation>Pilih jenis kelamin dulu (L atau P).</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="544"/>
        <source>NIK and KK are valid.</source>
        <translation>NIK dan KK valid.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="565"/>
        <source>Pick a visit first.</source>
        <translation>Pilih dulu kunjungan.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/start.py" line="592"/>
        <source>Outcome recorded.</source>
        <translation>Hasil dicatat.</translation>
    </message>
</context>
<context>
    <name>StatusPill</name>
    <message>
        <location filename="../../ui/design/pill.py" line="73"/>
        <source>Ready</source>
        <extracomment>Each word&apos;s kind and symbol.</extracomment>
        <translation>Siap</translation>
    </message>
    <message>
        <location filename="../../ui/design/pill.py" line="74"/>
        <source>Disconnected</source>
        <translation>Terputus</translation>
    </message>
    <message>
        <location filename="../../ui/design/pill.py" line="75"/>
        <source>Not checked yet</source>
        <translation>Belum diperiksa</translation>
    </message>
    <message>
        <location filename="../../ui/design/pill.py" line="76"/>
        <source>recorded</source>
        <translation>terekam</translation>
    </message>
    <message>
        <location filename="../../ui/design/pill.py" line="77"/>
        <source>draft</source>
        <translation>draf</translation>
    </message>
    <message>
        <location filename="../../ui/design/pill.py" line="78"/>
        <source>returned</source>
        <translation>dikembalikan</translation>
    </message>
    <message>
        <location filename="../../ui/design/pill.py" line="79"/>
        <source>rejected</source>
        <translation>ditolak</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../ui/sync_problems.py" line="67"/>
        <source>purged</source>
        <extracomment>A record&apos;s outcome in words (``sync.client.progress`` names them).</extracomment>
        <translation>dihapus dari laptop</translation>
    </message>
    <message>
        <location filename="../../ui/sync_problems.py" line="69"/>
        <source>sent</source>
        <translation>terkirim</translation>
    </message>
    <message>
        <location filename="../../ui/sync_problems.py" line="71"/>
        <source>pending</source>
        <translation>menunggu</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="120"/>
        <source>Data center</source>
        <extracomment>Enrolling pins the data center&apos;s CA and may replace the device key: the office&apos;s.</extracomment>
        <translation>Data center</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="124"/>
        <source>one-time code from the operator</source>
        <translation>kode sekali pakai dari operator</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="126"/>
        <source>ab12 cd34 ef56 … (16 groups of 4)</source>
        <translation>ab12 cd34 ef56 … (16 kelompok 4 karakter)</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="137"/>
        <source>Enroll this laptop</source>
        <translation>Daftarkan laptop ini</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="142"/>
        <source>Server address</source>
        <translation>Alamat server</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="143"/>
        <source>One-time code</source>
        <translation>Kode sekali pakai</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="144"/>
        <source>CA fingerprint</source>
        <translation>Sidik CA</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="154"/>
        <source>Enrollment file from the operator</source>
        <translation>Berkas pendaftaran dari operator</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="155"/>
        <source>Open enrollment file…</source>
        <translation>Buka berkas pendaftaran…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="157"/>
        <source>Find it on a USB stick</source>
        <translation>Cari di flashdisk USB</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="159"/>
        <source>Read its QR code with the camera</source>
        <translation>Baca kode QR-nya dengan kamera</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="178"/>
        <source>An operator or an admin enrolls this laptop with the data center.</source>
        <translation>Operator atau admin yang mendaftarkan laptop ini ke data center.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="191"/>
        <source>Open the enrollment file</source>
        <translation>Buka berkas pendaftaran</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="193"/>
        <source>Enrollment file (*.json *.png)</source>
        <translation>Berkas pendaftaran (*.json *.png)</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="202"/>
        <source>No enrollment file was found on a USB stick. Is the stick plugged in?</source>
        <translation>Tidak ada berkas pendaftaran di flashdisk USB. Apakah flashdisk sudah terpasang?</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="227"/>
        <source>the camera</source>
        <translation>kamera</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="230"/>
        <source>No camera is attached. Open the enrollment file instead.</source>
        <translation>Tidak ada kamera yang terpasang. Buka berkas pendaftaran saja.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="233"/>
        <source>Hold the enrollment QR code up to the camera…</source>
        <translation>Arahkan kode QR pendaftaran ke kamera…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="242"/>
        <source>Read from %1. Check the address, then press Enroll.</source>
        <translation>Dibaca dari %1. Periksa alamatnya, lalu tekan Daftarkan.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="244"/>
        <source>Enrollment file read.</source>
        <translation>Berkas pendaftaran terbaca.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="250"/>
        <source>Type the 16 groups, or open the enrollment file.</source>
        <translation>Ketik 16 kelompok, atau buka berkas pendaftaran.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_page.py" line="255"/>
        <source>Check group(s) %1 against the operator&apos;s.</source>
        <translation>
            <numerusform>Periksa kelompok %1 dengan milik operator.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="283"/>
        <source>Send records</source>
        <translation>Kirim rekaman</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="284"/>
        <source>Push records now</source>
        <translation>Kirim rekaman sekarang</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="288"/>
        <source>Export to USB…</source>
        <translation>Ekspor ke USB…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="290"/>
        <source>Import from USB…</source>
        <translation>Impor dari USB…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="292"/>
        <source>The data center&apos;s receipts and the office&apos;s package, from a USB stick</source>
        <translation>Tanda terima data center dan paket kantor, dari flashdisk USB</translation>
    </message>
    <message>
        <location filename="../../ui/sync_problems.py" line="46"/>
        <location filename="../../ui/sync_refused.py" line="66"/>
        <source>Record</source>
        <extracomment>A bare call, which lupdate extracts with its literal context.</extracomment>
        <translation>Rekaman</translation>
    </message>
    <message>
        <location filename="../../ui/sync_problems.py" line="47"/>
        <location filename="../../ui/sync_refused.py" line="67"/>
        <source>State</source>
        <translation>Keadaan</translation>
    </message>
    <message>
        <location filename="../../ui/sync_problems.py" line="48"/>
        <source>What to do</source>
        <translation>Yang harus dilakukan</translation>
    </message>
    <message>
        <location filename="../../ui/sync_problems.py" line="53"/>
        <source>Records with problems</source>
        <translation>Rekaman yang bermasalah</translation>
    </message>
    <message>
        <location filename="../../ui/sync_problems.py" line="58"/>
        <source>No record with a problem.</source>
        <translation>Tidak ada rekaman yang bermasalah.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_problems.py" line="59"/>
        <source>Click Push records now or Export to USB…: a record that could not go is listed here with what to do.</source>
        <translation>Klik Kirim rekaman sekarang atau Ekspor ke USB…: rekaman yang tidak terkirim tercantum di sini beserta langkah yang perlu diambil.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="307"/>
        <source>Sync progress</source>
        <translation>Kemajuan sinkronisasi</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="319"/>
        <source>Records with a problem</source>
        <translation>Rekaman yang bermasalah</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="554"/>
        <source>Import from which folder (USB)?</source>
        <translation>Impor dari folder mana (USB)?</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="561"/>
        <source>Reading the stick…</source>
        <translation>Membaca flashdisk…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="570"/>
        <source>Receipts read: accepted %1 · rejected %2 · pending %3</source>
        <translation>Tanda terima dibaca: diterima %1 · ditolak %2 · menunggu %3</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="576"/>
        <source>No receipts on the stick; the office&apos;s package was read.</source>
        <translation>Tidak ada tanda terima di flashdisk; paket kantor sudah dibaca.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_refused.py" line="60"/>
        <source>Refused by the data center</source>
        <extracomment>A bare call, which lupdate extracts with its literal context. A record was put back in the queue: the screen&apos;s counts changed.</extracomment>
        <translation>Ditolak data center</translation>
    </message>
    <message>
        <location filename="../../ui/sync_refused.py" line="68"/>
        <source>Why</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <location filename="../../ui/sync_refused.py" line="69"/>
        <source>Sealed on</source>
        <translation>Disegel pada</translation>
    </message>
    <message>
        <location filename="../../ui/sync_refused.py" line="74"/>
        <source>Records refused by the data center</source>
        <translation>Rekaman yang ditolak data center</translation>
    </message>
    <message>
        <location filename="../../ui/sync_refused.py" line="78"/>
        <source>Put back in the queue…</source>
        <translation>Kirim ulang ke antrean…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_refused.py" line="85"/>
        <source>A record refused by mistake can be sent again: an operator or an admin decides.</source>
        <translation>Rekaman yang keliru ditolak dapat dikirim lagi: operator atau admin yang memutuskan.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_refused.py" line="111"/>
        <source>refused</source>
        <translation>ditolak</translation>
    </message>
    <message>
        <location filename="../../ui/sync_refused.py" line="127"/>
        <source>Put back in the queue</source>
        <translation>Kirim ulang ke antrean</translation>
    </message>
    <message>
        <location filename="../../ui/sync_refused.py" line="131"/>
        <source>Put record %1 back in the queue to send?</source>
        <translation>Masukkan rekaman %1 kembali ke antrean kirim?</translation>
    </message>
    <message>
        <location filename="../../ui/sync_refused.py" line="135"/>
        <source>The data center refused it: %1 It goes out again with the next sync or USB export. If the data center refuses it again, it says why again.</source>
        <translation>Data center menolaknya: %1 Rekaman ini dikirim lagi pada sinkronisasi atau ekspor USB berikutnya. Jika data center menolaknya lagi, alasannya disebutkan lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_refused.py" line="142"/>
        <source>Put back</source>
        <translation>Kirim ulang</translation>
    </message>
    <message>
        <location filename="../../ui/sync_refused.py" line="145"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../ui/sync_refused.py" line="159"/>
        <source>Record %1 is waiting to be sent again.</source>
        <translation>Rekaman %1 menunggu dikirim lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="339"/>
        <source>Enrolled as %1. Last successful sync: %2.</source>
        <translation>Terdaftar sebagai %1. Sinkron terakhir yang berhasil: %2.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="341"/>
        <source>never</source>
        <translation>belum pernah</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="344"/>
        <source>Not enrolled yet.</source>
        <translation>Belum terdaftar.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="346"/>
        <source>waiting for the ketua tim&apos;s review</source>
        <translation>menunggu tinjauan ketua tim</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="347"/>
        <source>returned for recapture, not sent</source>
        <translation>dikembalikan untuk rekam ulang, tidak dikirim</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="348"/>
        <source>waiting to be sent</source>
        <translation>menunggu dikirim</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="349"/>
        <source>sent, awaiting acceptance</source>
        <translation>terkirim, menunggu diterima</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_page.py" line="545"/>
        <source>%n record(s) written to %1.</source>
        <translation>
            <numerusform>%Ln rekaman ditulis ke %1.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="350"/>
        <location filename="../../ui/sync_problems.py" line="68"/>
        <source>accepted</source>
        <translation>diterima</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="351"/>
        <location filename="../../ui/sync_problems.py" line="70"/>
        <source>rejected</source>
        <translation>ditolak</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="128"/>
        <source>CA fingerprint (SHA-256) from the operator, in 16 groups of 4</source>
        <translation>Sidik jari CA (SHA-256) dari operator, 16 kelompok berisi 4</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="163"/>
        <source>The data center&apos;s operator makes one for this laptop: a .json file, and its QR code as a .png picture. Nothing needs typing.</source>
        <translation>Operator data center membuatkannya untuk laptop ini: sebuah berkas .json dan kode QR-nya sebagai gambar .png. Tidak ada yang perlu diketik.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="352"/>
        <source>accepted and removed from this laptop</source>
        <translation>diterima dan dihapus dari laptop ini</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="360"/>
        <source>On this laptop: %1</source>
        <translation>Di laptop ini: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="360"/>
        <source>no records</source>
        <translation>belum ada rekaman</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="411"/>
        <source>Enrolling…</source>
        <translation>Mendaftarkan…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="421"/>
        <source>Enrolled with the data center as %1.</source>
        <translation>Terdaftar di data center sebagai %1.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_page.py" line="424"/>
        <source>%n record(s) were signed by this laptop&apos;s revoked key and cannot be delivered; they stay on this laptop. Record these people again: %1</source>
        <translation>
            <numerusform>%Ln rekaman ditandatangani dengan kunci laptop yang telah dicabut dan tidak dapat dikirim; rekaman tetap di laptop ini. Rekam ulang orang-orang ini: %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="439"/>
        <source>Sending…</source>
        <translation>Mengirim…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="446"/>
        <source>Batch %1 of %2: %3 to upload, %4 already at the data center.</source>
        <translation>Kelompok %1 dari %2: %3 akan diunggah, %4 sudah ada di data center.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="457"/>
        <source>%1 of %2 records · %3 of %4 · %5/s · %6 left</source>
        <translation>%1 dari %2 rekaman · %3 dari %4 · %5/dtk · sisa %6</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="472"/>
        <source>Accepted %1 · rejected %2 · pending %3 · purged from this laptop %4</source>
        <translation>Diterima %1 · ditolak %2 · menunggu %3 · dihapus dari laptop ini %4</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_page.py" line="496"/>
        <source>The data center refused %n record(s): see the table; record these people again.</source>
        <translation>
            <numerusform>Data center menolak %Ln rekaman: lihat tabel; rekam ulang orang-orang ini.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_page.py" line="504"/>
        <source>%n waiting for the ketua tim&apos;s review</source>
        <translation>
            <numerusform>%Ln menunggu tinjauan ketua tim</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_page.py" line="505"/>
        <source>%n returned for recapture</source>
        <translation>
            <numerusform>%Ln dikembalikan untuk rekam ulang</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="509"/>
        <source>Sent and confirmed: %1. Not sent: %2.</source>
        <translation>Terkirim dan dikonfirmasi: %1. Tidak dikirim: %2.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="514"/>
        <source>Nothing was waiting to be sent.</source>
        <translation>Tidak ada rekaman yang menunggu dikirim.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="516"/>
        <source>Every record was sent and confirmed.</source>
        <translation>Semua rekaman terkirim dan dikonfirmasi.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="492"/>
        <source>Some records are still waiting; see the table.</source>
        <translation>Beberapa rekaman masih menunggu; lihat tabel.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="533"/>
        <source>Export to which folder (USB)?</source>
        <translation>Ekspor ke folder mana (USB)?</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="539"/>
        <source>Writing the export…</source>
        <translation>Menulis ekspor…</translation>
    </message>
    <message>
        <location filename="../../ui/office_lines.py" line="29"/>
        <source>face</source>
        <extracomment>A bare call, which lupdate extracts with its literal context.</extracomment>
        <translation>wajah</translation>
    </message>
    <message>
        <location filename="../../ui/office_lines.py" line="30"/>
        <source>fingerprint</source>
        <translation>sidik jari</translation>
    </message>
    <message>
        <location filename="../../ui/office_lines.py" line="31"/>
        <source>iris</source>
        <translation>iris</translation>
    </message>
    <message>
        <location filename="../../ui/office_lines.py" line="32"/>
        <source>signature</source>
        <translation>tanda tangan</translation>
    </message>
    <message>
        <location filename="../../ui/office_lines.py" line="56"/>
        <source>Office package refused: %1</source>
        <translation>Paket kantor ditolak: %1</translation>
    </message>
    <message>
        <location filename="../../ui/office_lines.py" line="69"/>
        <source>The office requires FieldKit %1 or newer; this laptop has %2. Ask the office for the new installer and install it before the next visit.</source>
        <translation>Kantor mewajibkan FieldKit %1 atau lebih baru; laptop ini memakai %2. Minta penginstal baru ke kantor dan pasang sebelum kunjungan berikutnya.</translation>
    </message>
</context>
<context>
    <name>TeamPicker</name>
    <message>
        <location filename="../../ui/planning_widgets.py" line="73"/>
        <source>Petugas of the team</source>
        <extracomment>What a column sorts by: the real NIK under its mask, the ISO date, the text otherwise. A petugas row&apos;s own words, kept apart from the ketua&apos;s mark added to them. A visit&apos;s state in the visits table: its pill kind and symbol (colour is a second signal).</extracomment>
        <translation>Petugas dalam tim</translation>
    </message>
    <message>
        <location filename="../../ui/planning_widgets.py" line="76"/>
        <source>Ketua tim</source>
        <translation>Ketua tim</translation>
    </message>
    <message>
        <location filename="../../ui/planning_widgets.py" line="77"/>
        <source>Petugas</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <location filename="../../ui/planning_widgets.py" line="119"/>
        <source>%1 (ketua tim of this team)</source>
        <translation>%1 (ketua tim kunjungan ini)</translation>
    </message>
</context>
<context>
    <name>TrainingBanner</name>
    <message>
        <location filename="../../ui/training_banner.py" line="19"/>
        <source>LATIHAN · simulated devices · never sent, never in a report</source>
        <translation>LATIHAN · perangkat simulator · tidak dikirim, tidak masuk laporan</translation>
    </message>
    <message>
        <location filename="../../ui/training_banner.py" line="23"/>
        <source>Training: what is recorded now is training data. It is never sent to the data center and never appears in a report.</source>
        <translation>Latihan: yang direkam sekarang adalah data latihan. Data ini tidak pernah dikirim ke data center dan tidak pernah masuk laporan.</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="414"/>
        <source>Screen locked</source>
        <translation>Layar terkunci</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="413"/>
        <source>Unlock</source>
        <translation>Buka kunci</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="413"/>
        <source>Log in</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="422"/>
        <source>Locked after inactivity. Your work is kept. Enter the password of %1.</source>
        <translation>Terkunci karena tidak ada aktivitas. Pekerjaan Anda tetap tersimpan. Masukkan kata sandi %1.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="425"/>
        <source>Screen locked. Your work is kept. Enter the password of %1.</source>
        <translation>Layar dikunci. Pekerjaan Anda tetap tersimpan. Masukkan kata sandi %1.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="428"/>
        <source>Switch user: the next officer types their user name and password. The work of %1 is kept.</source>
        <translation>Ganti pengguna: petugas berikutnya mengetik nama pengguna dan kata sandinya. Pekerjaan %1 tetap tersimpan.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="436"/>
        <location filename="../../ui/dialogs.py" line="440"/>
        <source>User name</source>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="438"/>
        <location filename="../../ui/dialogs.py" line="441"/>
        <source>Password</source>
        <translation>Kata sandi</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="443"/>
        <source>Another officer of the team may log in here with their own name and password.</source>
        <translation>Petugas lain dalam tim dapat masuk di sini dengan nama pengguna dan kata sandinya sendiri.</translation>
    </message>
</context>
<context>
    <name>UpdateBox</name>
    <message>
        <location filename="../../ui/update_box.py" line="75"/>
        <source>FieldKit update</source>
        <translation>Pembaruan FieldKit</translation>
    </message>
    <message>
        <location filename="../../ui/update_box.py" line="88"/>
        <source>Installed: FieldKit %1</source>
        <translation>Terpasang: FieldKit %1</translation>
    </message>
    <message>
        <location filename="../../ui/update_box.py" line="90"/>
        <source>Not asked yet whether the office offers an update.</source>
        <translation>Belum ditanyakan apakah kantor menawarkan pembaruan.</translation>
    </message>
    <message>
        <location filename="../../ui/update_box.py" line="94"/>
        <source>Check for an update</source>
        <translation>Periksa pembaruan</translation>
    </message>
    <message>
        <location filename="../../ui/update_box.py" line="96"/>
        <source>Update now</source>
        <translation>Perbarui sekarang</translation>
    </message>
    <message>
        <location filename="../../ui/update_box.py" line="124"/>
        <source>FieldKit %1 is older than FieldKit %2, the minimum the office requires. Keep recording, and update before the sync deadline: press Update now when the office offers the update, or ask the office&apos;s IT staff.</source>
        <translation>FieldKit %1 lebih lama daripada FieldKit %2, versi minimum yang diwajibkan kantor. Tetap lakukan perekaman, dan perbarui sebelum batas waktu sinkronisasi: tekan Perbarui sekarang saat kantor menawarkan pembaruan, atau hubungi staf TI kantor.</translation>
    </message>
    <message>
        <location filename="../../ui/update_box.py" line="144"/>
        <source>Asking the data center…</source>
        <translation>Menanyakan ke data center…</translation>
    </message>
    <message>
        <location filename="../../ui/update_box.py" line="153"/>
        <source>The office offers no FieldKit update.</source>
        <translation>Kantor tidak menawarkan pembaruan FieldKit.</translation>
    </message>
    <message>
        <location filename="../../ui/update_box.py" line="156"/>
        <source>The office offers FieldKit %1 (%2).</source>
        <translation>Kantor menawarkan FieldKit %1 (%2).</translation>
    </message>
    <message>
        <location filename="../../ui/update_box.py" line="162"/>
        <source>FieldKit is up to date (the office offers FieldKit %1).</source>
        <translation>FieldKit sudah terbaru (kantor menawarkan FieldKit %1).</translation>
    </message>
    <message>
        <location filename="../../ui/update_box.py" line="178"/>
        <source>Downloading and checking the update…</source>
        <translation>Mengunduh dan memeriksa pembaruan…</translation>
    </message>
    <message>
        <location filename="../../ui/update_box.py" line="203"/>
        <source>Installing FieldKit %1. FieldKit closes now and starts again when done.</source>
        <translation>Memasang FieldKit %1. FieldKit ditutup sekarang dan dibuka lagi setelah selesai.</translation>
    </message>
</context>
<context>
    <name>VisitDayChip</name>
    <message>
        <location filename="../../ui/enrollment/header.py" line="67"/>
        <source>Visit: today, %1</source>
        <translation>Kunjungan: hari ini, %1</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/header.py" line="68"/>
        <source>The visit is planned for today.</source>
        <translation>Kunjungan ini dijadwalkan hari ini.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/header.py" line="70"/>
        <source>Visit: %1, not today</source>
        <translation>Kunjungan: %1, bukan hari ini</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/header.py" line="72"/>
        <source>Warning: this visit is planned for %1, not for today (%2).</source>
        <translation>Peringatan: kunjungan ini dijadwalkan %1, bukan hari ini (%2).</translation>
    </message>
</context>
<context>
    <name>VisitDayQuestion</name>
    <message>
        <location filename="../../ui/enrollment/visit_day.py" line="34"/>
        <source>Not today&apos;s visit</source>
        <translation>Bukan kunjungan hari ini</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/visit_day.py" line="40"/>
        <source>This visit is planned for %1, not today.</source>
        <translation>Kunjungan ini dijadwalkan %1, bukan hari ini.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/visit_day.py" line="45"/>
        <source>Today is %1. The record keeps today&apos;s date, but it is counted in this visit&apos;s berita acara. Record on this visit only if that is right.</source>
        <translation>Hari ini %1. Rekaman mencatat tanggal hari ini, tetapi dihitung dalam berita acara kunjungan ini. Rekam di kunjungan ini hanya jika memang benar.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/visit_day.py" line="52"/>
        <source>Record on this visit</source>
        <translation>Tetap rekam di kunjungan ini</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/visit_day.py" line="58"/>
        <source>Pick today&apos;s visit</source>
        <translation>Pilih kunjungan hari ini</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/visit_day.py" line="62"/>
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment/visit_day.py" line="96"/>
        <source>Today&apos;s visit is chosen: start the person again here.</source>
        <translation>Kunjungan hari ini dipilih: mulai lagi perekaman orang ini di sini.</translation>
    </message>
</context>
<context>
    <name>VisitLabel</name>
    <message>
        <location filename="../../ui/common.py" line="65"/>
        <source>team of %1</source>
        <extracomment>Lines a status line keeps room for while empty: a one-line message moves nothing.</extracomment>
        <translation>tim %1</translation>
    </message>
</context>
<context>
    <name>_FormDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="134"/>
        <source>Getting ready… this takes a moment, then it goes on.</source>
        <translation>Sedang bersiap… sebentar lagi dilanjutkan.</translation>
    </message>
</context>
<context>
    <name>abis</name>
    <message>
        <location filename="../../sync/server/sentences.py" line="891"/>
        <source>The office&apos;s search found no biometric data in this record. Record the fingers, face and eyes again.</source>
        <comment>abis.failure_11</comment>
        <translation>Pencarian kantor tidak menemukan data biometrik dalam rekaman ini. Rekam ulang sidik jari, wajah, dan mata.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="897"/>
        <source>The office&apos;s search could not read this record&apos;s biometric images. Record the fingers, face and eyes again.</source>
        <comment>abis.failure_16</comment>
        <translation>Pencarian kantor tidak dapat membaca gambar biometrik rekaman ini. Rekam ulang sidik jari, wajah, dan mata.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="903"/>
        <source>The office&apos;s search found this record&apos;s biometric images of too low a quality. Record the fingers, face and eyes again, with care.</source>
        <comment>abis.failure_18</comment>
        <translation>Pencarian kantor mendapati mutu gambar biometrik rekaman ini terlalu rendah. Rekam ulang sidik jari, wajah, dan mata dengan cermat.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../ui/app.py" line="344"/>
        <source>FieldKit cannot start</source>
        <extracomment>Written to stdout on the main window&apos;s first paint (tests and the start-up benchmark). Written to stdout on the login dialog&apos;s first paint, the first usable window of a real start. What logging in and building the main window need: loaded while the officer types. A loader&apos;s error (emitted before ``finished``): what it was loading is missing.</extracomment>
        <translation>FieldKit tidak dapat dijalankan</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="16"/>
        <source>Audit chain BROKEN at event {seq}: {problem}</source>
        <comment>audit.broken</comment>
        <translation>Rantai audit RUSAK pada kejadian {seq}: {problem}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/cli/sentences.py" line="21"/>
        <source>Audit chain intact: %n event(s).</source>
        <comment>audit.intact</comment>
        <translation>
            <numerusform>Rantai audit utuh: %Ln kejadian.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="28"/>
        <source>No events.</source>
        <comment>audit.none</comment>
        <translation>Tidak ada kejadian.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="33"/>
        <source>failed beside the others, tested again alone</source>
        <comment>devices.tested_again</comment>
        <translation>gagal bersama perangkat lain, diuji ulang sendirian</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="38"/>
        <source>Staff card {card} bound to {username}: log in with it and its PIN.</source>
        <comment>card.bound</comment>
        <translation>Kartu petugas {card} terhubung ke {username}: masuk dengan kartu itu dan PIN-nya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="43"/>
        <source>Staff card of {username} forgotten.</source>
        <comment>card.forgotten</comment>
        <translation>Kartu petugas milik {username} dilupakan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="48"/>
        <source>{username} had no staff card bound.</source>
        <comment>card.none_bound</comment>
        <translation>{username} tidak punya kartu petugas yang terhubung.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="13"/>
        <source>Bundle:          {bundle} (QR code: {qr})</source>
        <comment>dc.bundle</comment>
        <translation>Berkas:          {bundle} (kode QR: {qr})</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="18"/>
        <source>Enrollment code: {code}</source>
        <comment>dc.code</comment>
        <translation>Kode pendaftaran: {code}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="23"/>
        <source>CA fingerprint:  {fingerprint}</source>
        <comment>dc.code_fingerprint</comment>
        <translation>Sidik CA:        {fingerprint}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="28"/>
        <source>CA fingerprint (SHA-256): {fingerprint}</source>
        <comment>dc.fingerprint</comment>
        <translation>Sidik CA (SHA-256): {fingerprint}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="33"/>
        <source>  in groups, to read out: {groups}</source>
        <comment>dc.fingerprint_groups</comment>
        <translation>  per kelompok, untuk dibacakan: {groups}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="38"/>
        <source>{path}: {device}: {accepted} accepted, {rejected} rejected, {refused} refused ({receipts})</source>
        <comment>dc.import_done</comment>
        <translation>{path}: {device}: {accepted} diterima, {rejected} ditolak, {refused} tidak diproses ({receipts})</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="43"/>
        <source>{path}: REFUSED ({reason}) {message}</source>
        <comment>dc.import_refused</comment>
        <translation>{path}: TIDAK DIPROSES ({reason}) {message}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="48"/>
        <source>  {record}  {state}  {reason}: {message}</source>
        <comment>dc.import_record_refused</comment>
        <translation>  {record}  {state}  {reason}: {message}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="53"/>
        <source>On the laptop: Sinkronisasi &gt; Open enrollment file, or fieldkit sync enroll --bundle {name}</source>
        <comment>dc.on_the_laptop</comment>
        <translation>Di laptop: Sinkronisasi &gt; Buka berkas pendaftaran, atau fieldkit sync enroll --bundle {name}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="58"/>
        <source>receipts.json NOT written</source>
        <comment>dc.receipts_not_written</comment>
        <translation>receipts.json TIDAK ditulis</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="63"/>
        <source>receipts.json written</source>
        <comment>dc.receipts_written</comment>
        <translation>receipts.json ditulis</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="68"/>
        <source>Backup written to {path}: {rows} rows, {blobs} sealed records.</source>
        <comment>dc.backup_written</comment>
        <translation>Cadangan ditulis ke {path}: {rows} baris, {blobs} rekaman tersegel.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="73"/>
        <source>Restored {rows} rows and their sealed records.</source>
        <comment>dc.restored</comment>
        <translation>{rows} baris dan rekaman tersegelnya dipulihkan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="78"/>
        <source>Made {file}, the key that vouches for this data center&apos;s backups. Keep a copy offline with the keys&apos; passphrase: a restore on another machine needs it (--backup-key).</source>
        <comment>dc.backup_key_made</comment>
        <translation>{file} dibuat, kunci yang menjamin cadangan data center ini. Simpan salinannya secara offline bersama frasa sandi kunci: pemulihan di mesin lain membutuhkannya (--backup-key).</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="85"/>
        <source>Every private key in {keys} is encrypted with the passphrase; from now on the data center starts only with {env} set.</source>
        <comment>dc.keys_protected</comment>
        <translation>Setiap kunci privat di {keys} dienkripsi dengan frasa sandi; mulai sekarang data center hanya berjalan jika {env} diatur.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="91"/>
        <source>Before serving, copy the old data center&apos;s keys folder to {keys}: without it the laptops&apos; pinned CA and receipts do not match.</source>
        <comment>dc.restore_keys_needed</comment>
        <translation>Sebelum melayani, salin folder kunci data center lama ke {keys}: tanpanya CA yang dipatok laptop dan tanda terima tidak cocok.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="97"/>
        <source>Deleted {deleted} blobs no record points at (of {checked} old enough to check).</source>
        <comment>dc.blobs_swept</comment>
        <translation>{deleted} blob yang tidak dirujuk rekaman mana pun dihapus (dari {checked} yang cukup lama untuk diperiksa).</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="102"/>
        <source>Database schema: {current}; this FieldKit&apos;s: {head}.</source>
        <comment>dc.db_current</comment>
        <translation>Versi susunan data di basis data: {current}; versi yang dipakai FieldKit ini: {head}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="107"/>
        <source>{device}  {problem} at event {seq} ({via}, {when}): {detail}</source>
        <comment>dc.audit_finding</comment>
        <translation>{device}  {problem} pada peristiwa {seq} ({via}, {when}): {detail}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="112"/>
        <source>No laptop&apos;s audit log differs from what the data center saw.</source>
        <comment>dc.audit_no_findings</comment>
        <translation>Tidak ada log audit laptop yang berbeda dari yang dilihat data center.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="117"/>
        <source>{device}: its audit log is accepted as it now is; epoch {epoch} begins.</source>
        <comment>dc.audit_acknowledged</comment>
        <translation>{device}: log auditnya diterima sebagaimana adanya sekarang; epoch {epoch} dimulai.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="122"/>
        <source>{record}  {decision} by {officer} at {when}</source>
        <comment>dc.review</comment>
        <translation>{record}  {decision} oleh {officer} pada {when}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="127"/>
        <source>note: {note}</source>
        <comment>dc.review_note</comment>
        <translation>catatan: {note}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="132"/>
        <source>FieldKit data center serving on {url}</source>
        <comment>dc.serving</comment>
        <translation>Data center FieldKit melayani di {url}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="137"/>
        <source>Data center:     {url}</source>
        <comment>dc.url</comment>
        <translation>Data center:     {url}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="562"/>
        <source>{record}: {reference} -&gt; {path}</source>
        <comment>dc.exported</comment>
        <translation>{record}: {reference} -&gt; {path}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="563"/>
        <source>No record is waiting to be forwarded.</source>
        <comment>dc.export_none_waiting</comment>
        <translation>Tidak ada rekaman yang menunggu diteruskan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="712"/>
        <source>Officer {username} added. First-login code (shown only now, valid until {expires}): {code}</source>
        <comment>dc.officer_added</comment>
        <translation>Petugas {username} ditambahkan. Kode login pertama (hanya ditampilkan sekarang, berlaku sampai {expires}): {code}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="717"/>
        <source>New first-login code for {username} (shown only now, valid until {expires}): {code}</source>
        <comment>dc.officer_code</comment>
        <translation>Kode login pertama baru untuk {username} (hanya ditampilkan sekarang, berlaku sampai {expires}): {code}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="722"/>
        <source>Officer {username} disabled.</source>
        <comment>dc.officer_disabled</comment>
        <translation>Petugas {username} dinonaktifkan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="723"/>
        <source>Officer {username} enabled again: each laptop waits for a first login with this code (shown only now, valid until {expires}): {code}</source>
        <comment>dc.officer_enabled</comment>
        <translation>Petugas {username} diaktifkan kembali: setiap laptop menunggu masuk pertama kali dengan kode ini (hanya ditampilkan sekarang, berlaku sampai {expires}): {code}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="729"/>
        <source>Office settings are at version {version}.</source>
        <comment>dc.office_version</comment>
        <translation>Pengaturan kantor berada pada versi {version}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="730"/>
        <source>No office code is set, so no package is made: run fieldkit-datacenter office set CODE.</source>
        <comment>dc.office_not_set</comment>
        <translation>Kode kantor belum diatur, jadi tidak ada paket yang dibuat: jalankan fieldkit-datacenter office set KODE.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="735"/>
        <source>{count} regions imported.</source>
        <comment>dc.regions_imported</comment>
        <translation>{count} wilayah diimpor.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="736"/>
        <source>{year}: {days} days off, {state}, {origin}: {source}</source>
        <comment>dc.holidays_year</comment>
        <translation>{year}: {days} hari libur, {state}, {origin}: {source}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="737"/>
        <source>complete</source>
        <comment>dc.holidays_complete</comment>
        <translation>lengkap</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="738"/>
        <source>NOT complete (import the year&apos;s SKB list)</source>
        <comment>dc.holidays_partial</comment>
        <translation>BELUM lengkap (impor daftar dari SKB tahun itu)</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="739"/>
        <source>imported by the office</source>
        <comment>dc.holidays_office</comment>
        <translation>diimpor kantor</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="740"/>
        <source>shipped with FieldKit</source>
        <comment>dc.holidays_shipped</comment>
        <translation>bawaan FieldKit</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="741"/>
        <source>national holiday</source>
        <comment>dc.holiday_libur_nasional</comment>
        <translation>libur nasional</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="742"/>
        <source>cuti bersama</source>
        <comment>dc.holiday_cuti_bersama</comment>
        <translation>cuti bersama</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="743"/>
        <source>{count} targets imported for visit {visit}.</source>
        <comment>dc.targets_imported</comment>
        <translation>{count} sasaran diimpor untuk kunjungan {visit}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="744"/>
        <source>The target file was refused ({reason}); nothing was imported.</source>
        <comment>dc.targets_refused</comment>
        <translation>Berkas sasaran ditolak ({reason}); tidak ada yang diimpor.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="749"/>
        <source>Row {row}: {code}</source>
        <comment>dc.targets_row_error</comment>
        <translation>Baris {row}: {code}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="750"/>
        <source>{device}: {path} (version {version})</source>
        <comment>dc.package_written</comment>
        <translation>{device}: {path} (versi {version})</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="751"/>
        <source>{device}: no package (the laptop has not reported its package key yet)</source>
        <comment>dc.package_no_key</comment>
        <translation>{device}: tidak ada paket (laptop belum melaporkan kunci paketnya)</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="756"/>
        <source>{path}: the health report was refused ({message})</source>
        <comment>dc.health_refused</comment>
        <translation>{path}: laporan kesehatan laptop ditolak ({message})</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="766"/>
        <source>FieldKit {version} offered to the laptops: {file}, {size} bytes, sha256 {sha256}</source>
        <comment>dc.release_offered</comment>
        <translation>FieldKit {version} ditawarkan ke laptop: {file}, {size} byte, sha256 {sha256}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="771"/>
        <source>FieldKit {version} is no longer offered.</source>
        <comment>dc.release_withdrawn</comment>
        <translation>FieldKit {version} tidak lagi ditawarkan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="776"/>
        <source>No FieldKit update was offered.</source>
        <comment>dc.release_none</comment>
        <translation>Tidak ada pembaruan FieldKit yang ditawarkan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="788"/>
        <source>{username} {role} {state} {waiting} {name}</source>
        <comment>dc.officer_line</comment>
        <translation>{username} {role} {state} {waiting} {name}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="789"/>
        <source>waiting for a first login</source>
        <comment>dc.officer_waiting</comment>
        <translation>menunggu login pertama</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="790"/>
        <source>{n} targets  {laptop}</source>
        <comment>dc.plan_visit_targets</comment>
        <translation>{n} sasaran  {laptop}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="791"/>
        <source>every laptop</source>
        <comment>dc.every_laptop</comment>
        <translation>semua laptop</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="792"/>
        <source>DEVICE                   HOSTNAME           FIELDKIT  PKG LAST SEEN            UNSENT  FREE GB  FLAGS</source>
        <comment>dc.laptops_header</comment>
        <translation>PERANGKAT                NAMA HOST          FIELDKIT  PKT TERAKHIR TERLIHAT    BELUM    GB BEBAS  TANDA</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="800"/>
        <source>Nothing of this reaches the laptops until the office code is set: without it the data center makes no office package (no officers, rules or plan). Run fieldkit-datacenter office set CODE --name NAME.</source>
        <comment>dc.office_not_set_yet</comment>
        <translation>Semua ini belum sampai ke laptop sebelum kode kantor diatur: tanpa kode kantor, data center tidak membuat paket kantor (tidak ada petugas, aturan, atau rencana). Jalankan fieldkit-datacenter office set KODE --name NAMA.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="910"/>
        <source>{record}: {reference} -&gt; ABIS queue</source>
        <comment>dc.abis_sent</comment>
        <translation>{record}: {reference} -&gt; antrean ABIS</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="911"/>
        <source>{record}: not sent ({code})</source>
        <comment>dc.abis_skipped</comment>
        <translation>{record}: tidak dikirim ({code})</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="912"/>
        <source>No record is waiting for the ABIS.</source>
        <comment>dc.abis_none_waiting</comment>
        <translation>Tidak ada rekaman yang menunggu dikirim ke ABIS.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="913"/>
        <source>The office&apos;s search answered {count} requests; it holds {held} references.</source>
        <comment>dc.abis_answered</comment>
        <translation>Pencarian kantor menjawab {count} permintaan; menyimpan {held} referensi.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="918"/>
        <source>{record}: the ABIS answered {verdict}</source>
        <comment>dc.abis_decided</comment>
        <translation>{record}: ABIS menjawab {verdict}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="919"/>
        <source>{file}: refused ({code})</source>
        <comment>dc.abis_refused</comment>
        <translation>{file}: ditolak ({code})</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="920"/>
        <source>No answer from the ABIS is waiting.</source>
        <comment>dc.abis_nothing_answered</comment>
        <translation>Tidak ada jawaban ABIS yang menunggu.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="921"/>
        <source>ABIS queue {folder}: {open} requests not answered yet ({requests} in requests/, {answers} answers in responses/), {refused} files refused.</source>
        <comment>dc.abis_status</comment>
        <translation>Antrean ABIS {folder}: {open} permintaan belum dijawab ({requests} di requests/, {answers} jawaban di responses/), {refused} berkas ditolak.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="933"/>
        <source>{record}: card {uid} printed on {day}, marked by {actor}</source>
        <comment>dc.card_printed</comment>
        <translation>{record}: KTP-el {uid} dicetak {day}, ditandai oleh {actor}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="934"/>
        <source>{record}  {uid}  {day}  {actor}</source>
        <comment>dc.card_line</comment>
        <translation>{record}  {uid}  {day}  {actor}</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="935"/>
        <source>No card has been printed yet.</source>
        <comment>dc.cards_none</comment>
        <translation>Belum ada KTP-el yang dicetak.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/cli/sentences.py" line="53"/>
        <source>%n simulated enrollment(s) sealed on visit {visit}.</source>
        <comment>demo.sealed</comment>
        <translation>
            <numerusform>%Ln perekaman simulasi disegel pada kunjungan {visit}.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="65"/>
        <source>sealed record {record} seq {seq} sha256 {sha256}...</source>
        <comment>demo.sealed_record</comment>
        <translation>rekaman tersegel {record} urutan {seq} sha256 {sha256}...</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="70"/>
        <source>(flags: {flags})</source>
        <comment>demo.flags</comment>
        <translation>(tanda: {flags})</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="71"/>
        <source>{option} is given twice, as {first} and {second}: give it once.</source>
        <comment>option_given_twice</comment>
        <translation>{option} diberikan dua kali, sebagai {first} dan {second}: berikan sekali saja.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="76"/>
        <source>unrecognized arguments: {arguments}</source>
        <comment>unrecognized_arguments</comment>
        <translation>argumen tidak dikenal: {arguments}</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="77"/>
        <source>expected MODALITY=NUMBER with MODALITY one of {choices}, e.g. face=60</source>
        <comment>threshold_format</comment>
        <translation>diharapkan MODALITAS=ANGKA dengan MODALITAS salah satu dari {choices}, mis. face=60</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="82"/>
        <source>expected a number of seconds such as 0.5, not {text}</source>
        <comment>seconds_format</comment>
        <translation>diharapkan jumlah detik seperti 0.5, bukan {text}</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="83"/>
        <source>Visit {visit} cancelled.</source>
        <comment>visit.cancelled</comment>
        <translation>Kunjungan {visit} dibatalkan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="84"/>
        <source>Visit {visit} moved to {date} {time}.</source>
        <comment>visit.moved</comment>
        <translation>Kunjungan {visit} dipindahkan ke {date} {time}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="85"/>
        <source>WARNING: no data center is enrolled; records are sealed to the DEMO data center key (training only; a real data center refuses them).</source>
        <comment>demo_warning</comment>
        <translation>PERINGATAN: belum ada data center yang terdaftar; rekaman disegel dengan kunci data center DEMO (hanya latihan; data center sungguhan menolaknya).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="92"/>
        <source>New enrollments are BLOCKED:</source>
        <comment>enrollment.blocked</comment>
        <translation>Perekaman baru DIBLOKIR:</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="97"/>
        <source>Enrollment is open.</source>
        <comment>enrollment.open</comment>
        <translation>Perekaman terbuka.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/cli/sentences.py" line="102"/>
        <source>  %n sealed record(s) waiting for the data center.</source>
        <comment>enrollment.waiting</comment>
        <translation>
            <numerusform>  %Ln rekaman tersegel menunggu dikirim ke data center.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="114"/>
        <source>Card {card} is now bound to record {record} (its first read: there was nothing to compare it with). Check the name and NIK printed on the card against the list before handing it over.</source>
        <comment>handover.card_bound</comment>
        <translation>Kartu {card} kini terikat ke rekaman {record} (pembacaan pertama: belum ada pembanding). Cocokkan nama dan NIK yang tercetak di kartu dengan daftar sebelum menyerahkannya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="121"/>
        <source>The card matches record {record} (the card bound at its first read).</source>
        <comment>handover.card_matches</comment>
        <translation>Kartu cocok dengan rekaman {record} (kartu yang terikat pada pembacaan pertama).</translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/cli/sentences.py" line="126"/>
        <source>%n card(s) given to {courier} ({organisation}).</source>
        <comment>handover.courier</comment>
        <translation>
            <numerusform>%Ln kartu diserahkan kepada {courier} ({organisation}).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="138"/>
        <source>Delivery recorded for record {record}.</source>
        <comment>handover.delivered</comment>
        <translation>Pengantaran dicatat untuk rekaman {record}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="143"/>
        <source>Handed over: record {record} ({handover})</source>
        <comment>handover.done</comment>
        <translation>Diserahkan: rekaman {record} ({handover})</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="148"/>
        <source>No printed card to hand over.</source>
        <comment>handover.none</comment>
        <translation>Tidak ada kartu tercetak yang perlu diserahkan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="153"/>
        <source>Put the printed card on the reader...</source>
        <comment>handover.put_card</comment>
        <translation>Letakkan kartu tercetak di pembaca kartu...</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="158"/>
        <source>Record {record}:</source>
        <comment>handover.record</comment>
        <translation>Rekaman {record}:</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="163"/>
        <source>{who}: please sign on the pad...</source>
        <comment>handover.sign</comment>
        <translation>{who}: silakan tanda tangan di bantalan...</translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/cli/sentences.py" line="168"/>
        <source>Imported %n target(s): {summary}</source>
        <comment>import.done</comment>
        <translation>
            <numerusform>%Ln sasaran diimpor: {summary}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/cli/sentences.py" line="175"/>
        <source>  ... and %n more row(s); use --json</source>
        <comment>import.more_rows</comment>
        <translation>
            <numerusform>  ... dan %Ln baris lagi; gunakan --json</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="187"/>
        <source>Nothing was imported: {summary} Fix the file and import it again.</source>
        <comment>import.nothing</comment>
        <translation>Tidak ada yang diimpor: {summary} Perbaiki berkasnya lalu impor lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="192"/>
        <source>  row {row} {status}: {problem}</source>
        <comment>import.row</comment>
        <translation>  baris {row} {status}: {problem}</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="197"/>
        <source>{ok} ok, {warnings} with warnings, {errors} with errors.</source>
        <comment>import.summary</comment>
        <translation>{ok} baik, {warnings} dengan peringatan, {errors} dengan kesalahan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="202"/>
        <source>internal error; this is a bug in FieldKit, not your doing.</source>
        <comment>internal</comment>
        <translation>kesalahan internal; ini kesalahan di FieldKit, bukan kesalahan Anda.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="207"/>
        <source>Details are in {path}.</source>
        <comment>internal.where</comment>
        <translation>Rinciannya ada di {path}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="212"/>
        <source>No letters numbered yet (pattern {pattern}).</source>
        <comment>letters.none</comment>
        <translation>Belum ada surat yang diberi nomor (pola {pattern}).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="217"/>
        <source>  {province} / {regency} / {district}; born {born}; sex {sex}</source>
        <comment>nik.decoded</comment>
        <translation>  {province} / {regency} / {district}; lahir {born}; jenis kelamin {sex}</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="222"/>
        <source>{text} is not a birth year like 1956</source>
        <comment>not_a_birth_year</comment>
        <translation>{text} bukan tahun lahir seperti 1956</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="227"/>
        <source>{text} is not a date in the form YYYY-MM-DD</source>
        <comment>not_a_date</comment>
        <translation>{text} bukan tanggal dalam bentuk TTTT-BB-HH</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="232"/>
        <source>Added {username} as {role}.</source>
        <comment>officer.added</comment>
        <translation>{username} ditambahkan sebagai {role}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="237"/>
        <source>{username}: NIP {nip}, pangkat/golongan {rank}.</source>
        <comment>officer.details</comment>
        <translation>{username}: NIP {nip}, pangkat/golongan {rank}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="242"/>
        <source>Disabled {username}; the store key was rotated and old backups replaced.</source>
        <comment>officer.disabled</comment>
        <translation>{username} dinonaktifkan; kunci penyimpanan diganti dan cadangan lama diperbarui.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="247"/>
        <source>Password changed for {username}.</source>
        <comment>officer.password_changed</comment>
        <translation>Kata sandi {username} diganti.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="252"/>
        <source>Cleared the lockout of {username}.</source>
        <comment>officer.unlocked</comment>
        <translation>Kuncian akun {username} dibuka.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="257"/>
        <source>{username} can now log in with the new password.</source>
        <comment>officer.first_login_done</comment>
        <translation>{username} sekarang dapat masuk dengan kata sandi baru.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="262"/>
        <source>One-time code from the office for {username}: </source>
        <comment>prompt.first_login_code</comment>
        <translation>Kode sekali pakai dari kantor untuk {username}: </translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="267"/>
        <source>Staff card PIN: </source>
        <comment>prompt.card_pin</comment>
        <translation>PIN kartu petugas: </translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="272"/>
        <source>Current password: </source>
        <comment>prompt.current_password</comment>
        <translation>Kata sandi sekarang: </translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="277"/>
        <source>Password for the new officer {username}: </source>
        <comment>prompt.new_officer_password</comment>
        <translation>Kata sandi untuk petugas baru {username}: </translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="282"/>
        <source>New password: </source>
        <comment>prompt.new_password</comment>
        <translation>Kata sandi baru: </translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="287"/>
        <source>New password for {username}: </source>
        <comment>prompt.new_password_for</comment>
        <translation>Kata sandi baru untuk {username}: </translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="292"/>
        <source>Password for {username}: </source>
        <comment>prompt.password_for</comment>
        <translation>Kata sandi untuk {username}: </translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="297"/>
        <source>Your password, to bind the card: </source>
        <comment>prompt.password_to_bind</comment>
        <translation>Kata sandi Anda, untuk menghubungkan kartu: </translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="302"/>
        <source>Repeat the password: </source>
        <comment>prompt.repeat_password</comment>
        <translation>Ulangi kata sandi: </translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="307"/>
        <source>FAILED</source>
        <comment>quality.failed</comment>
        <translation>GAGAL</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="312"/>
        <source>PASSED</source>
        <comment>quality.passed</comment>
        <translation>LULUS</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="317"/>
        <source>{modality}: {verdict} (score {score})</source>
        <comment>quality.verdict</comment>
        <translation>{modality}: {verdict} (skor {score})</translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/cli/sentences.py" line="322"/>
        <source>{bad} of %n record(s) FAILED:</source>
        <comment>records.failed</comment>
        <translation>
            <numerusform>{bad} dari %Ln rekaman GAGAL:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/cli/sentences.py" line="329"/>
        <source>All %n sealed record(s) intact.</source>
        <comment>records.intact</comment>
        <translation>
            <numerusform>Semua %Ln rekaman tersegel utuh.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="336"/>
        <source>No sealed records.</source>
        <comment>records.none</comment>
        <translation>Tidak ada rekaman tersegel.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="341"/>
        <source>Marked {target} for referral to Dinsos.</source>
        <comment>referral.marked</comment>
        <translation>{target} ditandai untuk dirujuk ke Dinsos.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="346"/>
        <source>No candidate.</source>
        <comment>referral.no_candidate</comment>
        <translation>Tidak ada calon.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="351"/>
        <source>No one is marked for referral.</source>
        <comment>referral.none</comment>
        <translation>Belum ada yang ditandai untuk dirujuk.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="356"/>
        <source>Photos in reports: off</source>
        <comment>report.photos_off</comment>
        <translation>Foto dalam laporan: tidak</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="361"/>
        <source>Photos in reports: on</source>
        <comment>report.photos_on</comment>
        <translation>Foto dalam laporan: ya</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="366"/>
        <source>Wrote {path}</source>
        <comment>report.wrote</comment>
        <translation>{path} dibuat</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="371"/>
        <source>No requests yet.</source>
        <comment>request.none</comment>
        <translation>Belum ada permohonan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="376"/>
        <source>Request {request} recorded.</source>
        <comment>request.recorded</comment>
        <translation>Permohonan {request} dicatat.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="381"/>
        <source>Approved {record}: it goes with the next sync.</source>
        <comment>review.approved</comment>
        <translation>{record} disetujui: ikut dikirim pada sinkronisasi berikutnya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="386"/>
        <source>by {officer}</source>
        <comment>review.decided_by</comment>
        <translation>oleh {officer}</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="391"/>
        <source>Nothing waits for review.</source>
        <comment>review.none</comment>
        <translation>Tidak ada yang menunggu tinjauan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="396"/>
        <source>Returned {record} for recapture: it is not sent, and the person is on the revisit list.</source>
        <comment>review.returned</comment>
        <translation>{record} dikembalikan untuk direkam ulang: tidak dikirim, dan orangnya masuk daftar kunjungan ulang.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="401"/>
        <source>Undid the decision on {record}: it waits for review again.</source>
        <comment>review.undone</comment>
        <translation>Keputusan atas {record} diurungkan: rekaman kembali menunggu tinjauan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="406"/>
        <source>(unknown person)</source>
        <comment>review.unknown_person</comment>
        <translation>(orang tidak dikenal)</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="411"/>
        <source>Contact recorded for {revisit}: {result}.</source>
        <comment>revisit.contact</comment>
        <translation>Kontak dicatat untuk {revisit}: {result}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="416"/>
        <source>Nobody is on the revisit list.</source>
        <comment>revisit.none</comment>
        <translation>Tidak ada yang masuk daftar kunjungan ulang.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="421"/>
        <source>on {date}</source>
        <comment>revisit.on</comment>
        <translation>pada {date}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/cli/sentences.py" line="426"/>
        <source>Planned visit {visit} on {date} with %n person(s).</source>
        <comment>revisit.planned</comment>
        <translation>
            <numerusform>Kunjungan {visit} dijadwalkan pada {date} untuk %Ln orang.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="438"/>
        <source>Enrollment rules:</source>
        <comment>rules.heading</comment>
        <translation>Aturan perekaman:</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="443"/>
        <source>Accepted by the pengurus barang {name}.</source>
        <comment>sarpras.accepted</comment>
        <translation>Diterima oleh pengurus barang {name}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="448"/>
        <source>Sarpras {phase} of visit {visit}: {signed}</source>
        <comment>sarpras.heading</comment>
        <translation>Sarpras {phase} kunjungan {visit}: {signed}</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="453"/>
        <source>No checklist yet.</source>
        <comment>sarpras.none</comment>
        <translation>Belum ada daftar periksa.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="458"/>
        <source>not signed</source>
        <comment>sarpras.not_signed</comment>
        <translation>belum ditandatangani</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="463"/>
        <source>Recording allowed on visit {visit} by override.</source>
        <comment>sarpras.override</comment>
        <translation>Perekaman diizinkan pada kunjungan {visit} dengan pengecualian admin.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="468"/>
        <source>Recording may start.</source>
        <comment>sarpras.ready</comment>
        <translation>Perekaman boleh dimulai.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="473"/>
        <source>Recording may start (by admin override).</source>
        <comment>sarpras.ready_override</comment>
        <translation>Perekaman boleh dimulai (dengan pengecualian admin).</translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/cli/sentences.py" line="478"/>
        <source>, %n row(s) to do</source>
        <comment>sarpras.rows_to_do</comment>
        <translation>
            <numerusform>, %Ln baris belum selesai</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="485"/>
        <source>self-test FAILED</source>
        <comment>sarpras.self_test_failed</comment>
        <translation>uji mandiri GAGAL</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="490"/>
        <source>self-test passed</source>
        <comment>sarpras.self_test_passed</comment>
        <translation>uji mandiri lulus</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="495"/>
        <source>Signed the {phase} checklist.</source>
        <comment>sarpras.signed</comment>
        <translation>Daftar periksa {phase} ditandatangani.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="500"/>
        <source>SIGNED by {officer}</source>
        <comment>sarpras.signed_by</comment>
        <translation>DITANDATANGANI oleh {officer}</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="505"/>
        <source>Backup written: {path}</source>
        <comment>store.backup_written</comment>
        <translation>Cadangan ditulis: {path}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/cli/sentences.py" line="510"/>
        <source>  %n backup(s)</source>
        <comment>store.backups</comment>
        <translation>
            <numerusform>  %Ln cadangan</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="517"/>
        <source>Created a FieldKit store in {home} for office {office}.</source>
        <comment>store.created</comment>
        <translation>Penyimpanan FieldKit dibuat di {home} untuk kantor {office}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="522"/>
        <source>Created a TRAINING store in {home} for office {office}.</source>
        <comment>store.created_training</comment>
        <translation>Penyimpanan LATIHAN dibuat di {home} untuk kantor {office}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="527"/>
        <source>Store is DAMAGED:</source>
        <comment>store.damaged</comment>
        <translation>Penyimpanan RUSAK:</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="532"/>
        <source>The damaged file was kept at {path}.</source>
        <comment>store.damaged_kept</comment>
        <translation>Berkas yang rusak disimpan di {path}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="537"/>
        <source>Store is healthy.</source>
        <comment>store.healthy</comment>
        <translation>Penyimpanan dalam keadaan baik.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="542"/>
        <source>Store {store} of office {office} in {home}</source>
        <comment>store.info</comment>
        <translation>Penyimpanan {store} milik kantor {office} di {home}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/cli/sentences.py" line="547"/>
        <source>  %n active officer(s)</source>
        <comment>store.officers</comment>
        <translation>
            <numerusform>  %Ln petugas aktif</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="554"/>
        <source>Restored {name}.</source>
        <comment>store.restored</comment>
        <translation>{name} dipulihkan.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="16"/>
        <source>Enrolled as {device} with {url}.</source>
        <comment>sync.enrolled</comment>
        <translation>Terdaftar sebagai {device} di {url}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../sync/client/sentences.py" line="21"/>
        <source>Exported %n record(s), {size}, to {path}.</source>
        <comment>sync.exported</comment>
        <translation>
            <numerusform>%Ln rekaman diekspor, {size}, ke {path}.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="33"/>
        <source>CA fingerprint verified before the code was sent: {fingerprint}</source>
        <comment>sync.fingerprint_verified</comment>
        <translation>Sidik CA diperiksa sebelum kode dikirim: {fingerprint}</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="38"/>
        <source>Last complete sync: {when}</source>
        <comment>sync.last_success</comment>
        <translation>Sinkronisasi lengkap terakhir: {when}</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="43"/>
        <source>Last complete sync: never</source>
        <comment>sync.last_success_never</comment>
        <translation>Sinkronisasi lengkap terakhir: belum pernah</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="48"/>
        <source>  left out {record}: {why}</source>
        <comment>sync.left_out</comment>
        <translation>  tidak disertakan {record}: {why}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../sync/client/sentences.py" line="53"/>
        <source>  … and %n more</source>
        <comment>sync.more</comment>
        <translation>
            <numerusform>  … dan %Ln lagi</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="60"/>
        <source>Could not fetch news from the data center: {problem}</source>
        <comment>sync.pull_failed</comment>
        <translation>Kabar dari data center tidak dapat diambil: {problem}</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="65"/>
        <source>Accepted {accepted}, rejected {rejected}, purged {purged}, still waiting {pending} ({size} sent in {seconds} s).</source>
        <comment>sync.pushed</comment>
        <translation>Diterima {accepted}, ditolak {rejected}, dihapus {purged}, masih menunggu {pending} ({size} terkirim dalam {seconds} detik).</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="71"/>
        <source>Receipts: {accepted} accepted and purged, {rejected} rejected, {pending} still waiting.</source>
        <comment>sync.receipts</comment>
        <translation>Tanda terima: {accepted} diterima dan dihapus, {rejected} ditolak, {pending} masih menunggu.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="76"/>
        <source>  Not read: {problem}</source>
        <comment>sync.receipts_not_read</comment>
        <translation>  Tidak dibaca: {problem}</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="81"/>
        <source>  {summary}</source>
        <comment>sync.office_applied</comment>
        <translation>  {summary}</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="82"/>
        <source>  The office&apos;s package was refused, nothing changed: {problem}</source>
        <comment>sync.office_refused</comment>
        <translation>  Paket dari kantor ditolak, tidak ada yang diubah: {problem}</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="87"/>
        <source>Records: {counts}</source>
        <comment>sync.records</comment>
        <translation>Rekaman: {counts}</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="92"/>
        <source>This replaces the revoked enrollment {device}.</source>
        <comment>sync.replaces</comment>
        <translation>Ini menggantikan pendaftaran yang dicabut {device}.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="97"/>
        <source>Record {record} is back in the queue: the next sync or USB export sends it (it was refused: {reason}).</source>
        <comment>sync.requeued</comment>
        <translation>Rekaman {record} kembali masuk antrean: sinkronisasi atau ekspor USB berikutnya mengirimnya (sebelumnya ditolak: {reason}).</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="103"/>
        <source>Run: fieldkit sync --help</source>
        <comment>sync.run_help</comment>
        <translation>Jalankan: fieldkit sync --help</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="108"/>
        <source>(device {device})</source>
        <comment>sync.status_device</comment>
        <translation>(perangkat {device})</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="113"/>
        <source>Data center: not enrolled</source>
        <comment>sync.status_not_enrolled</comment>
        <translation>Data center: belum terdaftar</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="118"/>
        <source>Data center: {url}</source>
        <comment>sync.status_url</comment>
        <translation>Data center: {url}</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="123"/>
        <source>Stopped: {problem}</source>
        <comment>sync.stopped</comment>
        <translation>Berhenti: {problem}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../sync/client/sentences.py" line="128"/>
        <source>%n record(s) were signed by the revoked key and cannot be delivered; they stay on this laptop, marked REJECTED (signed_by_revoked_key). Record these people again:</source>
        <comment>sync.stranded</comment>
        <translation>
            <numerusform>%Ln rekaman ditandatangani dengan kunci yang dicabut dan tidak dapat dikirim; rekaman itu tetap di laptop ini, ditandai DITOLAK (signed_by_revoked_key). Rekam ulang orang-orang ini:</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="676"/>
        <source>FieldKit {version} is installed.</source>
        <comment>update.installed</comment>
        <translation>FieldKit {version} terpasang.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="681"/>
        <source>The office offers FieldKit {version} ({size}): run &apos;fieldkit update install&apos;.</source>
        <comment>update.offered</comment>
        <translation>Kantor menawarkan FieldKit {version} ({size}): jalankan &apos;fieldkit update install&apos;.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="686"/>
        <source>The office offers FieldKit {version}, which is not newer: nothing to do.</source>
        <comment>update.offered_not_newer</comment>
        <translation>Kantor menawarkan FieldKit {version}, yang tidak lebih baru: tidak ada yang perlu dilakukan.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="691"/>
        <source>The office offers no FieldKit update.</source>
        <comment>update.none</comment>
        <translation>Kantor tidak menawarkan pembaruan FieldKit.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="696"/>
        <source>FieldKit {installed} is older than FieldKit {minimum}, the office&apos;s minimum: keep recording, and update before the sync deadline (&apos;fieldkit update install&apos;, or Perbarui sekarang on the Sinkronisasi page).</source>
        <comment>update.below_minimum</comment>
        <translation>FieldKit {installed} lebih lama daripada FieldKit {minimum}, versi minimum kantor: tetap lakukan perekaman, dan perbarui sebelum batas waktu sinkronisasi (&apos;fieldkit update install&apos;, atau Perbarui sekarang di halaman Sinkronisasi).</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="703"/>
        <source>FieldKit {version} downloaded and verified (release key {key}): {path}</source>
        <comment>update.verified</comment>
        <translation>FieldKit {version} telah diunduh dan diverifikasi (kunci rilis {key}): {path}</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="708"/>
        <source>Installing FieldKit {version} silently; FieldKit starts again when it is done (setup&apos;s log: {log}).</source>
        <comment>update.installing</comment>
        <translation>Memasang FieldKit {version} tanpa tampilan; FieldKit dibuka lagi setelah selesai (log setup: {log}).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="559"/>
        <source>No targets.</source>
        <comment>targets.none</comment>
        <translation>Tidak ada sasaran.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="564"/>
        <source>Visit closed: {outcomes}.</source>
        <comment>visit.closed</comment>
        <translation>Kunjungan ditutup: {outcomes}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="569"/>
        <source>Visit closed: no targets.</source>
        <comment>visit.closed_empty</comment>
        <translation>Kunjungan ditutup: tidak ada sasaran.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="574"/>
        <source>No visits planned.</source>
        <comment>visit.none</comment>
        <translation>Belum ada kunjungan terjadwal.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="579"/>
        <source>Target {target}: {outcome}.</source>
        <comment>visit.outcome</comment>
        <translation>Sasaran {target}: {outcome}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="584"/>
        <source>Visit {visit} planned for {date}.</source>
        <comment>visit.planned</comment>
        <translation>Kunjungan {visit} dijadwalkan pada {date}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="589"/>
        <source>Visit {visit} on {date} {time} at {desa}</source>
        <comment>visit.show</comment>
        <translation>Kunjungan {visit} pada {date} {time} di {desa}</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="594"/>
        <source>Visit {visit} started (walk-in, no letter).</source>
        <comment>visit.started</comment>
        <translation>Kunjungan {visit} dimulai (langsung di tempat, tanpa surat).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="599"/>
        <source>  suggested: 1 ketua tim + {petugas} petugas, about {minutes} min</source>
        <comment>visit.suggested</comment>
        <translation>  saran: 1 ketua tim + {petugas} petugas, sekitar {minutes} menit</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="604"/>
        <source>  targets: {count}</source>
        <comment>visit.targets</comment>
        <translation>  sasaran: {count}</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="609"/>
        <source>  team: {team}</source>
        <comment>visit.team</comment>
        <translation>  tim: {team}</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="614"/>
        <source>Team of visit {visit} updated.</source>
        <comment>visit.team_updated</comment>
        <translation>Tim kunjungan {visit} diperbarui.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="149"/>
        <source>Console account {name} added ({role}).</source>
        <comment>dc.console_user_added</comment>
        <translation>Akun konsol {name} ditambahkan ({role}).</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="150"/>
        <source>Console account {name} disabled; its sessions have ended.</source>
        <comment>dc.console_user_disabled</comment>
        <translation>Akun konsol {name} dinonaktifkan; sesinya sudah diakhiri.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="153"/>
        <source>New password set for console account {name}; its sessions have ended.</source>
        <comment>dc.console_password_set</comment>
        <translation>Kata sandi baru untuk akun konsol {name} sudah disimpan; sesinya sudah diakhiri.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="158"/>
        <source>{name} {role} {state} {locked}</source>
        <comment>dc.console_user_line</comment>
        <translation>{name} {role} {state} {locked}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="159"/>
        <source>locked until {until}</source>
        <comment>dc.console_user_locked</comment>
        <translation>terkunci sampai {until}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="160"/>
        <source>No console accounts yet: fieldkit-datacenter users add NAME --role admin adds the first.</source>
        <comment>dc.console_no_users</comment>
        <translation>Belum ada akun konsol: fieldkit-datacenter users add NAMA --role admin menambahkan yang pertama.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="165"/>
        <source>New password for {name}: </source>
        <comment>dc.console_password_prompt</comment>
        <translation>Kata sandi baru untuk {name}: </translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="166"/>
        <source>The same password again: </source>
        <comment>dc.console_password_again</comment>
        <translation>Ketik ulang kata sandi yang sama: </translation>
    </message>
    <message>
        <location filename="../../sync/server/dedup/sentences.py" line="22"/>
        <source>Penunggalan: {searched} searched: {duplicates} with candidates, {print_ready} ready to print, {failures} to record again, {unopened} could not be opened.</source>
        <comment>dc.dedup_summary</comment>
        <translation>Penunggalan: {searched} dicari: {duplicates} dengan kandidat, {print_ready} siap cetak, {failures} perlu rekam ulang, {unopened} tidak dapat dibuka.</translation>
    </message>
    <message>
        <location filename="../../sync/server/dedup/sentences.py" line="28"/>
        <source>  {record}: {state} {detail}</source>
        <comment>dc.dedup_record</comment>
        <translation>  {record}: {state} {detail}</translation>
    </message>
    <message>
        <location filename="../../sync/server/dedup/sentences.py" line="29"/>
        <source>{record}: {state} ({decision})</source>
        <comment>dc.adjudicated</comment>
        <translation>{record}: {state} ({decision})</translation>
    </message>
</context>
<context>
    <name>consent</name>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="305"/>
        <source>Read to the person (or to their guardian): &quot;Bapak/Ibu, we will record your data for the KTP-el: your photo, your ten fingerprints, your irises and your signature. The data is kept encrypted and sent only to the Disdukcapil data center, to print your KTP-el. You may refuse or stop at any time. Do you agree?&quot;</source>
        <comment>consent.default_text</comment>
        <translation>Bacakan kepada yang bersangkutan (atau walinya): &quot;Bapak/Ibu, kami akan merekam data Bapak/Ibu untuk KTP-el: foto wajah, sepuluh sidik jari, iris mata, dan tanda tangan. Data disimpan terenkripsi dan hanya dikirim ke data center Disdukcapil untuk mencetak KTP-el Bapak/Ibu. Bapak/Ibu boleh menolak atau berhenti kapan saja. Apakah Bapak/Ibu setuju?&quot;</translation>
    </message>
</context>
<context>
    <name>console</name>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="17"/>
        <source>FieldKit data center</source>
        <comment>console.product</comment>
        <translation>Pusat data FieldKit</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="18"/>
        <source>{page} · FieldKit data center</source>
        <comment>console.page_title</comment>
        <translation>{page} · Pusat data FieldKit</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="19"/>
        <source>Skip to the content</source>
        <comment>console.skip</comment>
        <translation>Langsung ke isi halaman</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="20"/>
        <source>Main menu</source>
        <comment>console.nav_label</comment>
        <translation>Menu utama</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="21"/>
        <source>Home</source>
        <comment>console.nav_home</comment>
        <translation>Beranda</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="22"/>
        <source>Laptops</source>
        <comment>console.nav_laptops</comment>
        <translation>Laptop</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="23"/>
        <source>Records</source>
        <comment>console.nav_records</comment>
        <translation>Rekaman</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="24"/>
        <source>Print queue</source>
        <comment>console.nav_cards</comment>
        <translation>Antrean cetak</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="25"/>
        <source>Officers &amp; rules</source>
        <comment>console.nav_officers</comment>
        <translation>Petugas &amp; aturan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="26"/>
        <source>Audit</source>
        <comment>console.nav_audit</comment>
        <translation>Audit</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="27"/>
        <source>Operations</source>
        <comment>console.nav_operations</comment>
        <translation>Operasi</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="28"/>
        <source>Accounts</source>
        <comment>console.nav_accounts</comment>
        <translation>Akun</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="29"/>
        <source>Logged in as {name} ({role})</source>
        <comment>console.signed_in_as</comment>
        <translation>Masuk sebagai {name} ({role})</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="30"/>
        <source>administrator</source>
        <comment>console.role_admin</comment>
        <translation>administrator</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="31"/>
        <source>operator</source>
        <comment>console.role_operator</comment>
        <translation>operator</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="32"/>
        <source>Log out</source>
        <comment>console.logout</comment>
        <translation>Keluar</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="33"/>
        <source>Language</source>
        <comment>console.language</comment>
        <translation>Bahasa</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="34"/>
        <source>Indonesian</source>
        <comment>console.language_id</comment>
        <translation>Bahasa Indonesia</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="35"/>
        <source>English</source>
        <comment>console.language_en</comment>
        <translation>Bahasa Inggris</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="38"/>
        <source>Log in to the console</source>
        <comment>console.login_title</comment>
        <translation>Masuk ke konsol</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="39"/>
        <source>Account name</source>
        <comment>console.name_label</comment>
        <translation>Nama akun</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="40"/>
        <source>Password</source>
        <comment>console.password_label</comment>
        <translation>Kata sandi</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="41"/>
        <source>Log in</source>
        <comment>console.login_button</comment>
        <translation>Masuk</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="42"/>
        <source>The account name or the password is wrong.</source>
        <comment>console.login_wrong</comment>
        <translation>Nama akun atau kata sandi salah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="43"/>
        <source>Too many wrong passwords: this account is locked for five minutes. Try again later.</source>
        <comment>console.login_locked</comment>
        <translation>Terlalu banyak kata sandi yang salah: akun ini dikunci selama lima menit. Silakan coba lagi nanti.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="48"/>
        <source>You have logged out.</source>
        <comment>console.logged_out</comment>
        <translation>Anda sudah keluar.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="51"/>
        <source>Request refused</source>
        <comment>console.refused_title</comment>
        <translation>Permintaan ditolak</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="52"/>
        <source>This form has expired or did not come from this console. Open the page again and send it once more.</source>
        <comment>console.csrf_refused</comment>
        <translation>Formulir ini sudah kedaluwarsa atau tidak berasal dari konsol ini. Buka kembali halamannya, lalu kirim sekali lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="58"/>
        <source>Back to the console</source>
        <comment>console.back</comment>
        <translation>Kembali ke konsol</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="59"/>
        <source>For administrators only</source>
        <comment>console.forbidden_title</comment>
        <translation>Khusus administrator</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="60"/>
        <source>Only an administrator of the console may do this. Ask one of the office&apos;s administrators.</source>
        <comment>console.forbidden</comment>
        <translation>Hanya administrator konsol yang boleh melakukan ini. Mintalah kepada salah satu administrator kantor.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="67"/>
        <source>Office code not set yet</source>
        <comment>console.office_unset</comment>
        <translation>Kode kantor belum diatur</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="68"/>
        <source>Records arrived today</source>
        <comment>console.records_today</comment>
        <translation>Rekaman masuk hari ini</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="69"/>
        <source>Records waiting to be handed on</source>
        <comment>console.records_waiting</comment>
        <translation>Rekaman menunggu diteruskan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="70"/>
        <source>Enrolled laptops</source>
        <comment>console.laptops_enrolled</comment>
        <translation>Laptop terdaftar</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="71"/>
        <source>Training records (sealed to the demo key) are not counted. Today began at {since}.</source>
        <comment>console.counts_note</comment>
        <translation>Rekaman latihan (disegel dengan kunci demo) tidak dihitung. Hari ini dihitung sejak {since}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="77"/>
        <source>Due this week: the card is promised by Sunday</source>
        <comment>console.due_this_week</comment>
        <translation>Jatuh tempo minggu ini: KTP-el dijanjikan sampai hari Minggu</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="78"/>
        <source>Overdue: past the promise date, no card yet</source>
        <comment>console.overdue</comment>
        <translation>Terlambat: lewat tanggal janji, KTP-el belum terbit</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="79"/>
        <source>The promise: the card within {days} working days of a complete recording; weekends, national holidays and cuti bersama are not counted.</source>
        <comment>console.promise_note</comment>
        <translation>Janji: KTP-el terbit paling lambat {days} hari kerja sejak perekaman lengkap; akhir pekan, libur nasional dan cuti bersama tidak dihitung.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="85"/>
        <source>The list of days off for {years} is not yet the year&apos;s SKB: promise dates in it may be too early. Import it with fieldkit-datacenter holidays import FILE.</source>
        <comment>console.holidays_incomplete</comment>
        <translation>Daftar hari libur {years} belum sesuai SKB tahun itu: tanggal janji pada tahun itu bisa terlalu awal. Impor dengan fieldkit-datacenter holidays import FILE.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="93"/>
        <source>The enrolled laptops and what each last reported</source>
        <comment>console.laptops_caption</comment>
        <translation>Laptop yang terdaftar dan laporan terakhir masing-masing</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="94"/>
        <source>Laptop</source>
        <comment>console.col_laptop</comment>
        <translation>Laptop</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="95"/>
        <source>FieldKit</source>
        <comment>console.col_version</comment>
        <translation>FieldKit</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="96"/>
        <source>Office package</source>
        <comment>console.col_package</comment>
        <translation>Paket kantor</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="97"/>
        <source>Last seen</source>
        <comment>console.col_seen</comment>
        <translation>Terakhir terlihat</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="98"/>
        <source>Unsent records</source>
        <comment>console.col_unsent</comment>
        <translation>Rekaman belum dikirim</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="99"/>
        <source>Free disk</source>
        <comment>console.col_disk</comment>
        <translation>Disk kosong</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="100"/>
        <source>Needs attention</source>
        <comment>console.col_flags</comment>
        <translation>Perlu perhatian</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="101"/>
        <source>{size} GB</source>
        <comment>console.disk_gb</comment>
        <translation>{size} GB</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="102"/>
        <source>{count}, the oldest from {since}</source>
        <comment>console.unsent_since</comment>
        <translation>{count}, tertua dari {since}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="103"/>
        <source>never</source>
        <comment>console.never</comment>
        <translation>belum pernah</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="104"/>
        <source>no report yet</source>
        <comment>console.no_report</comment>
        <translation>belum ada laporan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="105"/>
        <source>revoked</source>
        <comment>console.revoked</comment>
        <translation>dicabut</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="106"/>
        <source>all well</source>
        <comment>console.flag_none</comment>
        <translation>baik</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="107"/>
        <source>not seen for over {days} days</source>
        <comment>console.flag_not_seen</comment>
        <translation>tidak terlihat lebih dari {days} hari</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="108"/>
        <source>has not reported since it was enrolled</source>
        <comment>console.flag_never_reported</comment>
        <translation>belum pernah melapor sejak didaftarkan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="109"/>
        <source>audit findings the office has not acknowledged (see Audit)</source>
        <comment>console.flag_audit_findings</comment>
        <translation>ada temuan audit yang belum diakui (lihat Audit)</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="114"/>
        <source>holds records older than {days} days</source>
        <comment>console.flag_old_records</comment>
        <translation>menyimpan rekaman lebih tua dari {days} hari</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="115"/>
        <source>office package not applied yet</source>
        <comment>console.flag_behind</comment>
        <translation>paket kantor belum diterapkan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="116"/>
        <source>below the minimum FieldKit version</source>
        <comment>console.flag_below_min_version</comment>
        <translation>di bawah versi FieldKit minimum</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="117"/>
        <source>device self-test failed: {devices}</source>
        <comment>console.flag_devices_failed</comment>
        <translation>uji mandiri perangkat gagal: {devices}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="118"/>
        <source>audit chain broken</source>
        <comment>console.flag_audit</comment>
        <translation>rantai audit rusak</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="119"/>
        <source>face camera</source>
        <comment>console.device_face</comment>
        <translation>kamera wajah</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="120"/>
        <source>fingerprint scanner</source>
        <comment>console.device_fingerprint</comment>
        <translation>pemindai sidik jari</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="121"/>
        <source>iris camera</source>
        <comment>console.device_iris</comment>
        <translation>kamera iris</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="122"/>
        <source>signature pad</source>
        <comment>console.device_signature</comment>
        <translation>bantalan tanda tangan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="123"/>
        <source>card reader</source>
        <comment>console.device_card</comment>
        <translation>pembaca kartu</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="124"/>
        <source>new recording frozen</source>
        <comment>console.flag_frozen</comment>
        <translation>perekaman baru dibekukan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="126"/>
        <source>office&apos;s officer not applied: {officers} is the laptop&apos;s own account (its role, state and password stay the laptop&apos;s)</source>
        <comment>console.flag_officer_laptop_own</comment>
        <translation>petugas dari kantor tidak diterapkan: {officers} adalah akun milik laptop ini sendiri (peran, status dan kata sandinya tetap milik laptop)</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="132"/>
        <source>office&apos;s officer not applied: {officers} is the laptop&apos;s last active admin</source>
        <comment>console.flag_officer_last_admin</comment>
        <translation>petugas dari kantor tidak diterapkan: {officers} adalah admin aktif terakhir di laptop</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="137"/>
        <source>office&apos;s officer not applied: {officers} ({reason})</source>
        <comment>console.flag_officer_other</comment>
        <translation>petugas dari kantor tidak diterapkan: {officers} ({reason})</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="142"/>
        <source>No laptop is enrolled yet: make a one-time code with fieldkit-datacenter codes new.</source>
        <comment>console.no_laptops</comment>
        <translation>Belum ada laptop yang terdaftar: buat kode sekali pakai dengan fieldkit-datacenter codes new.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="219"/>
        <source>The office code is not set yet, so nothing reaches the laptops: no officer, rule or plan is sent to them until it is.</source>
        <comment>console.office_unset_notice</comment>
        <translation>Kode kantor belum diatur, jadi belum ada yang sampai ke laptop: petugas, aturan, dan rencana baru dikirim setelah kode kantor diatur.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="225"/>
        <source>Set the office code</source>
        <comment>console.office_unset_action</comment>
        <translation>Atur kode kantor</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="226"/>
        <source>An administrator sets it in Officers &amp; rules (Office &amp; rules), or on the data center with fieldkit-datacenter office set CODE.</source>
        <comment>console.office_unset_ask_admin</comment>
        <translation>Administrator mengaturnya di Petugas &amp; aturan (Kantor &amp; aturan), atau di data center dengan fieldkit-datacenter office set KODE.</translation>
    </message>
</context>
<context>
    <name>console_accounts</name>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="13"/>
        <source>Console accounts</source>
        <comment>console_accounts.title</comment>
        <translation>Akun konsol</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="14"/>
        <source>The office&apos;s people log in to this console with these accounts. An operator uses the console; an administrator also manages the accounts.</source>
        <comment>console_accounts.intro</comment>
        <translation>Petugas kantor masuk ke konsol ini dengan akun-akun berikut. Operator memakai konsol; administrator juga mengelola akun.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="20"/>
        <source>The office&apos;s console accounts</source>
        <comment>console_accounts.caption</comment>
        <translation>Akun konsol kantor</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="21"/>
        <source>Name</source>
        <comment>console_accounts.col_name</comment>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="22"/>
        <source>Role</source>
        <comment>console_accounts.col_role</comment>
        <translation>Peran</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="23"/>
        <source>State</source>
        <comment>console_accounts.col_state</comment>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="24"/>
        <source>Locked until</source>
        <comment>console_accounts.col_locked</comment>
        <translation>Terkunci sampai</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="25"/>
        <source>Last login</source>
        <comment>console_accounts.col_last_login</comment>
        <translation>Terakhir masuk</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="26"/>
        <source>Actions</source>
        <comment>console_accounts.col_actions</comment>
        <translation>Tindakan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="27"/>
        <source>active</source>
        <comment>console_accounts.state_active</comment>
        <translation>aktif</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="28"/>
        <source>disabled</source>
        <comment>console_accounts.state_disabled</comment>
        <translation>nonaktif</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="29"/>
        <source>not locked</source>
        <comment>console_accounts.not_locked</comment>
        <translation>tidak terkunci</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="30"/>
        <source>never</source>
        <comment>console_accounts.never</comment>
        <translation>belum pernah</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="31"/>
        <source>(you)</source>
        <comment>console_accounts.you</comment>
        <translation>(Anda)</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="32"/>
        <source>New password</source>
        <comment>console_accounts.change_password</comment>
        <translation>Kata sandi baru</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="33"/>
        <source>Disable</source>
        <comment>console_accounts.disable</comment>
        <translation>Nonaktifkan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="34"/>
        <source>for {name}</source>
        <comment>console_accounts.for_name</comment>
        <translation>untuk {name}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="37"/>
        <source>Add an account</source>
        <comment>console_accounts.add_title</comment>
        <translation>Tambah akun</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="38"/>
        <source>Account name</source>
        <comment>console_accounts.name_label</comment>
        <translation>Nama akun</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="39"/>
        <source>2 to 32 characters: small letters, digits, dot, underscore or hyphen; a letter first.</source>
        <comment>console_accounts.name_hint</comment>
        <translation>2 sampai 32 karakter: huruf kecil, angka, titik, garis bawah, atau tanda hubung; diawali huruf.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="44"/>
        <source>Role</source>
        <comment>console_accounts.role_label</comment>
        <translation>Peran</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="45"/>
        <source>Operator: uses the console, does not manage accounts</source>
        <comment>console_accounts.role_operator</comment>
        <translation>Operator: memakai konsol, tidak mengelola akun</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="50"/>
        <source>Administrator: also manages accounts</source>
        <comment>console_accounts.role_admin</comment>
        <translation>Administrator: juga mengelola akun</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="51"/>
        <source>Password</source>
        <comment>console_accounts.password_label</comment>
        <translation>Kata sandi</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="52"/>
        <source>At least {min} characters. A sentence of a few words is easy to remember.</source>
        <comment>console_accounts.password_hint</comment>
        <translation>Minimal {min} karakter. Kalimat dari beberapa kata mudah diingat.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="57"/>
        <source>The password again</source>
        <comment>console_accounts.password_again_label</comment>
        <translation>Ulangi kata sandi</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="58"/>
        <source>Add the account</source>
        <comment>console_accounts.add_button</comment>
        <translation>Tambahkan akun</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="61"/>
        <source>New password for {name}</source>
        <comment>console_accounts.password_title</comment>
        <translation>Kata sandi baru untuk {name}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="62"/>
        <source>A new password unlocks the account and ends its open sessions. Give the new password to the account&apos;s owner in person.</source>
        <comment>console_accounts.password_note</comment>
        <translation>Kata sandi baru membuka kunci akun dan mengakhiri sesinya yang masih terbuka. Sampaikan kata sandi baru langsung kepada pemilik akun.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="68"/>
        <source>This is your own account: you log in again with the new password afterwards.</source>
        <comment>console_accounts.password_own</comment>
        <translation>Ini akun Anda sendiri: sesudahnya Anda masuk lagi dengan kata sandi baru.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="73"/>
        <source>New password</source>
        <comment>console_accounts.new_password_label</comment>
        <translation>Kata sandi baru</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="74"/>
        <source>The new password again</source>
        <comment>console_accounts.new_password_again_label</comment>
        <translation>Ulangi kata sandi baru</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="75"/>
        <source>Save the new password</source>
        <comment>console_accounts.password_button</comment>
        <translation>Simpan kata sandi baru</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="76"/>
        <source>Cancel</source>
        <comment>console_accounts.cancel</comment>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="79"/>
        <source>Disable {name}?</source>
        <comment>console_accounts.disable_title</comment>
        <translation>Nonaktifkan {name}?</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="80"/>
        <source>{name} will no longer be able to log in to the console, and its open sessions end now. The account and its audit trail are kept.</source>
        <comment>console_accounts.disable_question</comment>
        <translation>{name} tidak dapat masuk ke konsol lagi, dan sesinya yang masih terbuka langsung berakhir. Akun dan jejak auditnya tetap disimpan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="86"/>
        <source>Yes, disable {name}</source>
        <comment>console_accounts.disable_button</comment>
        <translation>Ya, nonaktifkan {name}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="89"/>
        <source>Account {name} added as {role}.</source>
        <comment>console_accounts.added</comment>
        <translation>Akun {name} ditambahkan sebagai {role}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="90"/>
        <source>New password saved for {name}; its open sessions have ended.</source>
        <comment>console_accounts.password_set</comment>
        <translation>Kata sandi baru untuk {name} sudah disimpan; sesinya yang terbuka sudah diakhiri.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="95"/>
        <source>Account {name} disabled; its open sessions have ended.</source>
        <comment>console_accounts.disabled</comment>
        <translation>Akun {name} sudah dinonaktifkan; sesinya yang terbuka sudah diakhiri.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="102"/>
        <source>The account was not added: see the marked fields.</source>
        <comment>console_accounts.not_added</comment>
        <translation>Akun belum ditambahkan: periksa isian yang ditandai.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="107"/>
        <source>The password was not changed: see the marked fields.</source>
        <comment>console_accounts.not_changed</comment>
        <translation>Kata sandi belum diganti: periksa isian yang ditandai.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="112"/>
        <source>This name cannot be used: 2 to 32 characters, small letters, digits, dot, underscore or hyphen, beginning with a letter.</source>
        <comment>console_accounts.err_name</comment>
        <translation>Nama ini tidak dapat dipakai: 2 sampai 32 karakter, huruf kecil, angka, titik, garis bawah, atau tanda hubung, diawali huruf.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="118"/>
        <source>There is already an account named {name}.</source>
        <comment>console_accounts.err_exists</comment>
        <translation>Sudah ada akun bernama {name}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="121"/>
        <source>Choose a role from the list.</source>
        <comment>console_accounts.err_role</comment>
        <translation>Pilih salah satu peran dari daftar.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="122"/>
        <source>The password is too short: at least {min} characters.</source>
        <comment>console_accounts.err_short</comment>
        <translation>Kata sandi terlalu pendek: minimal {min} karakter.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="127"/>
        <source>The password is too long: at most {max} characters.</source>
        <comment>console_accounts.err_long</comment>
        <translation>Kata sandi terlalu panjang: maksimal {max} karakter.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="132"/>
        <source>The two passwords are not the same.</source>
        <comment>console_accounts.err_differ</comment>
        <translation>Kedua kata sandi tidak sama.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="137"/>
        <source>You cannot disable your own account. Ask another administrator.</source>
        <comment>console_accounts.err_self</comment>
        <translation>Anda tidak dapat menonaktifkan akun Anda sendiri. Mintalah administrator lain.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="142"/>
        <source>{name} is the last active administrator: add another administrator first.</source>
        <comment>console_accounts.err_last_admin</comment>
        <translation>{name} adalah administrator aktif terakhir: tambahkan administrator lain lebih dulu.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="147"/>
        <source>Account {name} is already disabled.</source>
        <comment>console_accounts.err_disabled</comment>
        <translation>Akun {name} sudah nonaktif.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/accounts_sentences.py" line="150"/>
        <source>There is no account named {name}.</source>
        <comment>console_accounts.err_unknown</comment>
        <translation>Tidak ada akun bernama {name}.</translation>
    </message>
</context>
<context>
    <name>console_audit</name>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="13"/>
        <source>Every laptop keeps an audit log: a chain in which each event seals the one before it. At each sync the data center notes how far the chain has reached. A finding means the laptop&apos;s log no longer matches what was noted.</source>
        <comment>console_audit.intro</comment>
        <translation>Setiap laptop menyimpan catatan audit berupa rantai: setiap peristiwa mengunci peristiwa sebelumnya. Setiap kali laptop sinkron, pusat data mencatat sampai mana rantai itu. Temuan berarti catatan di laptop tidak lagi cocok dengan yang sudah dicatat pusat data.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="20"/>
        <source>No findings: every laptop&apos;s audit log matches what the data center noted.</source>
        <comment>console_audit.none_open</comment>
        <translation>Tidak ada temuan: catatan audit setiap laptop cocok dengan yang dicatat pusat data.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="25"/>
        <source>No findings, acknowledged or not.</source>
        <comment>console_audit.none_at_all</comment>
        <translation>Belum ada temuan, baik yang belum maupun yang sudah diakui.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="26"/>
        <source>Also show acknowledged findings</source>
        <comment>console_audit.show_all</comment>
        <translation>Tampilkan juga temuan yang sudah diakui</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="27"/>
        <source>Show only findings not yet acknowledged</source>
        <comment>console_audit.show_open</comment>
        <translation>Tampilkan hanya temuan yang belum diakui</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="28"/>
        <source>Findings not yet acknowledged, oldest first</source>
        <comment>console_audit.caption_open</comment>
        <translation>Temuan yang belum diakui, dari yang terlama</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="31"/>
        <source>All findings, acknowledged ones included, oldest first</source>
        <comment>console_audit.caption_all</comment>
        <translation>Semua temuan, termasuk yang sudah diakui, dari yang terlama</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="36"/>
        <source>Laptop</source>
        <comment>console_audit.col_laptop</comment>
        <translation>Laptop</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="37"/>
        <source>Problem</source>
        <comment>console_audit.col_problem</comment>
        <translation>Masalah</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="38"/>
        <source>Event</source>
        <comment>console_audit.col_seq</comment>
        <translation>Peristiwa ke-</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="39"/>
        <source>Reported via</source>
        <comment>console_audit.col_via</comment>
        <translation>Dilaporkan lewat</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="40"/>
        <source>Found</source>
        <comment>console_audit.col_found</comment>
        <translation>Ditemukan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="41"/>
        <source>Detail</source>
        <comment>console_audit.col_detail</comment>
        <translation>Keterangan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="42"/>
        <source>Acknowledged</source>
        <comment>console_audit.col_acknowledged</comment>
        <translation>Diakui</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="43"/>
        <source>Not yet</source>
        <comment>console_audit.not_acknowledged</comment>
        <translation>Belum</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="44"/>
        <source>On {when}. Reason: {reason}</source>
        <comment>console_audit.acknowledged</comment>
        <translation>Pada {when}. Alasan: {reason}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="45"/>
        <source>Laptop no longer enrolled</source>
        <comment>console_audit.laptop_gone</comment>
        <translation>Laptop sudah tidak terdaftar</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="48"/>
        <source>Log rewritten</source>
        <comment>console_audit.problem_rewritten</comment>
        <translation>Catatan ditulis ulang</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="49"/>
        <source>Log set back</source>
        <comment>console_audit.problem_rolled_back</comment>
        <translation>Catatan dimundurkan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="50"/>
        <source>Log cannot be checked</source>
        <comment>console_audit.problem_unproven</comment>
        <translation>Catatan tidak dapat diperiksa</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="51"/>
        <source>Chain broken on the laptop</source>
        <comment>console_audit.problem_broken_on_laptop</comment>
        <translation>Rantai rusak di laptop</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="52"/>
        <source>Unknown problem ({code})</source>
        <comment>console_audit.problem_unknown</comment>
        <translation>Masalah tak dikenal ({code})</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="54"/>
        <source>network (HTTPS)</source>
        <comment>console_audit.via_https</comment>
        <translation>jaringan (HTTPS)</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="55"/>
        <source>USB stick</source>
        <comment>console_audit.via_usb</comment>
        <translation>flashdisk (USB)</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="56"/>
        <source>other ({via})</source>
        <comment>console_audit.via_other</comment>
        <translation>lainnya ({via})</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="59"/>
        <source>Event {seq} differs from the one the data center noted on {when}: the log was rewritten up to there.</source>
        <comment>console_audit.detail_rewritten</comment>
        <translation>Peristiwa ke-{seq} berbeda dengan yang dicatat pusat data pada {when}: catatan ditulis ulang sampai titik itu.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="65"/>
        <source>The log ends at event {head}, but on {when} it had reached event {seq}: an older copy of the laptop&apos;s data is in use.</source>
        <comment>console_audit.detail_rolled_back</comment>
        <translation>Catatan berakhir di peristiwa ke-{head}, padahal pada {when} sudah mencapai peristiwa ke-{seq}: salinan data laptop yang lebih lama sedang dipakai.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="71"/>
        <source>The laptop did not show event {seq}, noted on {when}: the events up to there cannot be checked.</source>
        <comment>console_audit.detail_unproven</comment>
        <translation>Laptop tidak menunjukkan peristiwa ke-{seq} yang dicatat pada {when}: peristiwa sampai titik itu tidak dapat diperiksa.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="77"/>
        <source>The laptop&apos;s own check of its log failed at event {seq}: {what}.</source>
        <comment>console_audit.detail_broken_on_laptop</comment>
        <translation>Pemeriksaan laptop sendiri atas catatannya gagal di peristiwa ke-{seq}: {what}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="82"/>
        <source>The server&apos;s command fieldkit-datacenter audit findings shows the details.</source>
        <comment>console_audit.detail_other</comment>
        <translation>Rinciannya ditampilkan oleh perintah fieldkit-datacenter audit findings di server.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="88"/>
        <source>an event was edited</source>
        <comment>console_audit.laptop_edited</comment>
        <translation>ada peristiwa yang diubah</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="89"/>
        <source>an event is missing</source>
        <comment>console_audit.laptop_missing</comment>
        <translation>ada peristiwa yang hilang</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="90"/>
        <source>events are out of order</source>
        <comment>console_audit.laptop_out_of_order</comment>
        <translation>urutan peristiwa kacau</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="91"/>
        <source>the log was cut short</source>
        <comment>console_audit.laptop_truncated</comment>
        <translation>catatan terpotong</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="92"/>
        <source>the log was set back</source>
        <comment>console_audit.laptop_rolled_back</comment>
        <translation>catatan dimundurkan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="93"/>
        <source>the log was rewritten</source>
        <comment>console_audit.laptop_rewritten</comment>
        <translation>catatan ditulis ulang</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="94"/>
        <source>problem code {code}</source>
        <comment>console_audit.laptop_other</comment>
        <translation>kode masalah {code}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="97"/>
        <source>Refused attempts</source>
        <comment>console_audit.refusals_heading</comment>
        <translation>Percobaan yang ditolak</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="98"/>
        <source>The newest {count} forms and pages the console refused: a form without its security token (perhaps sent from another site), or an operator on a page for administrators.</source>
        <comment>console_audit.refusals_intro</comment>
        <translation>{count} formulir dan halaman terbaru yang ditolak konsol: formulir tanpa token keamanannya (mungkin dikirim dari situs lain), atau operator di halaman khusus administrator.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="104"/>
        <source>{when}: a form from {account} to {path} came without its security token, from {address}; it was refused.</source>
        <comment>console_audit.refusal_csrf</comment>
        <translation>{when}: formulir dari {account} ke {path} datang tanpa token keamanannya, dari {address}; formulir itu ditolak.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="110"/>
        <source>{when}: {account} (an operator) asked for {path}, which is for administrators, from {address}; it was refused.</source>
        <comment>console_audit.refusal_forbidden</comment>
        <translation>{when}: {account} (operator) meminta {path}, yang khusus administrator, dari {address}; permintaan itu ditolak.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="118"/>
        <source>Acknowledge a laptop&apos;s findings</source>
        <comment>console_audit.ack_heading</comment>
        <translation>Mengakui temuan laptop</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="119"/>
        <source>Acknowledge only once you know why the log differs, for example because the laptop was restored from a backup.</source>
        <comment>console_audit.ack_intro</comment>
        <translation>Akui temuan hanya setelah Anda tahu penyebabnya, misalnya karena laptop dipulihkan dari cadangan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="125"/>
        <source>{laptop} (findings: {count})</source>
        <comment>console_audit.ack_legend</comment>
        <translation>{laptop} ({count} temuan)</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="126"/>
        <source>Reason (required, at most 500 characters)</source>
        <comment>console_audit.reason_label</comment>
        <translation>Alasan (wajib, paling banyak 500 karakter)</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="129"/>
        <source>Acknowledge</source>
        <comment>console_audit.ack_button</comment>
        <translation>Akui</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="130"/>
        <source>Only an administrator may acknowledge findings: acknowledging closes them and starts the laptop&apos;s log afresh, so it is kept apart from the people who use the laptops.</source>
        <comment>console_audit.admins_only</comment>
        <translation>Hanya administrator yang dapat mengakui temuan: mengakui menutup temuan dan memulai catatan laptop dari awal, sehingga dipisahkan dari orang yang memakai laptop.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="136"/>
        <source>Acknowledge the findings of {laptop}?</source>
        <comment>console_audit.confirm_title</comment>
        <translation>Akui temuan laptop {laptop}?</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="137"/>
        <source>What acknowledging does:</source>
        <comment>console_audit.confirm_what</comment>
        <translation>Yang terjadi jika Anda mengakui:</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="138"/>
        <source>The office accepts this laptop&apos;s audit log as it is now, with the differences found.</source>
        <comment>console_audit.confirm_accept</comment>
        <translation>Kantor menerima catatan audit laptop ini apa adanya sekarang, termasuk perbedaan yang ditemukan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="143"/>
        <source>A new period of the log (number {epoch}) begins: what the data center noted before no longer binds it, and the laptop&apos;s next sync is noted afresh.</source>
        <comment>console_audit.confirm_epoch</comment>
        <translation>Periode catatan yang baru (nomor {epoch}) dimulai: yang dicatat pusat data sebelumnya tidak lagi mengikat, dan sinkronisasi laptop berikutnya dicatat sebagai acuan baru.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="149"/>
        <source>These findings move to the acknowledged ones, with your reason and your account&apos;s name.</source>
        <comment>console_audit.confirm_closed</comment>
        <translation>Temuan ini pindah ke daftar yang sudah diakui, bersama alasan Anda dan nama akun Anda.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="154"/>
        <source>A change made to the log after this is found again.</source>
        <comment>console_audit.confirm_later</comment>
        <translation>Perubahan pada catatan setelah ini akan ditemukan lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="159"/>
        <source>Your reason:</source>
        <comment>console_audit.confirm_reason</comment>
        <translation>Alasan Anda:</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="160"/>
        <source>Yes, acknowledge</source>
        <comment>console_audit.confirm_button</comment>
        <translation>Ya, akui</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="161"/>
        <source>Cancel</source>
        <comment>console_audit.cancel</comment>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="162"/>
        <source>The findings of {laptop} are acknowledged; period {epoch} of its log has begun.</source>
        <comment>console_audit.done</comment>
        <translation>Temuan laptop {laptop} sudah diakui; periode catatan ke-{epoch} dimulai.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="167"/>
        <source>Write why you acknowledge these findings.</source>
        <comment>console_audit.reason_missing</comment>
        <translation>Tuliskan alasan Anda mengakui temuan ini.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="170"/>
        <source>The reason is too long: at most 500 characters, {count} given.</source>
        <comment>console_audit.reason_too_long</comment>
        <translation>Alasan terlalu panjang: paling banyak 500 karakter, Anda menulis {count}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="175"/>
        <source>That laptop is not enrolled at this data center; nothing was changed.</source>
        <comment>console_audit.laptop_unknown</comment>
        <translation>Laptop itu tidak terdaftar di pusat data ini; tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/audit_sentences.py" line="180"/>
        <source>That laptop has no findings left to acknowledge (someone may have acknowledged them already); nothing was changed.</source>
        <comment>console_audit.nothing_open</comment>
        <translation>Laptop itu tidak punya temuan yang belum diakui (mungkin sudah diakui orang lain); tidak ada yang diubah.</translation>
    </message>
</context>
<context>
    <name>console_cards</name>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="12"/>
        <source>Print queue</source>
        <comment>console_cards.title</comment>
        <translation>Antrean cetak</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="13"/>
        <source>The records ready to print, the oldest promise first. Tick the cards you printed, type each card&apos;s chip UID, and mark them printed.</source>
        <comment>console_cards.intro</comment>
        <translation>Rekaman yang siap cetak, janji paling awal di atas. Centang KTP-el yang sudah dicetak, ketik UID chip tiap kartu, lalu tandai sudah dicetak.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="19"/>
        <source>Filter the queue</source>
        <comment>console_cards.filter_legend</comment>
        <translation>Saring antrean</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="20"/>
        <source>Kecamatan</source>
        <comment>console_cards.kecamatan</comment>
        <translation>Kecamatan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="21"/>
        <source>Desa</source>
        <comment>console_cards.desa</comment>
        <translation>Desa</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="22"/>
        <source>Request</source>
        <comment>console_cards.request</comment>
        <translation>Permohonan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="23"/>
        <source>all</source>
        <comment>console_cards.any</comment>
        <translation>semua</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="24"/>
        <source>Show</source>
        <comment>console_cards.apply</comment>
        <translation>Tampilkan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="25"/>
        <source>Clear the filter</source>
        <comment>console_cards.clear</comment>
        <translation>Hapus saringan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="26"/>
        <source>This choice is not in the list; it was left out.</source>
        <comment>console_cards.choice</comment>
        <translation>Pilihan ini tidak ada dalam daftar; tidak dipakai.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="29"/>
        <source>No record waits to be printed.</source>
        <comment>console_cards.none</comment>
        <translation>Tidak ada rekaman yang menunggu dicetak.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="30"/>
        <source>{count} records wait to be printed; the first {shown} are shown.</source>
        <comment>console_cards.count_cut</comment>
        <translation>{count} rekaman menunggu dicetak; {shown} yang pertama ditampilkan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="35"/>
        <source>{count} records wait to be printed.</source>
        <comment>console_cards.count</comment>
        <translation>{count} rekaman menunggu dicetak.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="36"/>
        <source>Records ready to print, oldest promise first</source>
        <comment>console_cards.caption</comment>
        <translation>Rekaman siap cetak, janji paling awal di atas</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="37"/>
        <source>Choose</source>
        <comment>console_cards.col_choose</comment>
        <translation>Pilih</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="38"/>
        <source>Name</source>
        <comment>console_cards.col_name</comment>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="39"/>
        <source>NIK (last 4 digits)</source>
        <comment>console_cards.col_nik</comment>
        <translation>NIK (4 digit akhir)</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="40"/>
        <source>Desa</source>
        <comment>console_cards.col_desa</comment>
        <translation>Desa</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="41"/>
        <source>Request</source>
        <comment>console_cards.col_request</comment>
        <translation>Permohonan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="42"/>
        <source>Promise</source>
        <comment>console_cards.col_promise</comment>
        <translation>Janji</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="43"/>
        <source>Card chip UID</source>
        <comment>console_cards.col_uid</comment>
        <translation>UID chip kartu</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="44"/>
        <source>Record</source>
        <comment>console_cards.col_record</comment>
        <translation>Rekaman</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="45"/>
        <source>unknown</source>
        <comment>console_cards.unknown</comment>
        <translation>tidak diketahui</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="46"/>
        <source>Print {name}</source>
        <comment>console_cards.choose_label</comment>
        <translation>Cetak {name}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="47"/>
        <source>Chip UID of {name}&apos;s card</source>
        <comment>console_cards.uid_label</comment>
        <translation>UID chip kartu {name}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="48"/>
        <source>8 or 14 hex digits (0-9, A-F), as the card reader shows them.</source>
        <comment>console_cards.uid_help</comment>
        <translation>8 atau 14 digit heksadesimal (0-9, A-F), seperti yang ditampilkan pembaca kartu.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="55"/>
        <source>Mark the cards printed</source>
        <comment>console_cards.mark_legend</comment>
        <translation>Tandai sudah dicetak</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="56"/>
        <source>Print date</source>
        <comment>console_cards.print_date</comment>
        <translation>Tanggal cetak</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="57"/>
        <source>dd-mm-yyyy</source>
        <comment>console_cards.date_placeholder</comment>
        <translation>hh-bb-tttt</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="58"/>
        <source>Mark the chosen cards printed</source>
        <comment>console_cards.mark_button</comment>
        <translation>Tandai yang dipilih sudah dicetak</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="59"/>
        <source>{count} cards marked printed.</source>
        <comment>console_cards.marked</comment>
        <translation>{count} KTP-el ditandai sudah dicetak.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="60"/>
        <source>{count} cards were stored; the rows below were refused, each says why.</source>
        <comment>console_cards.partly</comment>
        <translation>{count} KTP-el disimpan; baris di bawah ini ditolak, masing-masing dengan alasannya.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="65"/>
        <source>No card was stored: each chosen row says why.</source>
        <comment>console_cards.all_refused</comment>
        <translation>Tidak ada KTP-el yang disimpan: tiap baris yang dipilih menyebutkan alasannya.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="68"/>
        <source>Choose at least one row to mark printed.</source>
        <comment>console_cards.none_chosen</comment>
        <translation>Pilih setidaknya satu baris untuk ditandai sudah dicetak.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="69"/>
        <source>Write the print date as day-month-year, for example 27-11-2026. Nothing was stored.</source>
        <comment>console_cards.date_invalid</comment>
        <translation>Tulis tanggal cetak sebagai hari-bulan-tahun, misalnya 27-11-2026. Tidak ada yang disimpan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="74"/>
        <source>The print date is after today. Nothing was stored.</source>
        <comment>console_cards.date_future</comment>
        <translation>Tanggal cetak setelah hari ini. Tidak ada yang disimpan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="79"/>
        <source>Type this card&apos;s chip UID.</source>
        <comment>console_cards.uid_missing</comment>
        <translation>Ketik UID chip kartu ini.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="80"/>
        <source>This UID is not one: write 8 or 14 hex digits (0-9, A-F).</source>
        <comment>console_cards.uid_invalid</comment>
        <translation>UID ini tidak sah: tulis 8 atau 14 digit heksadesimal (0-9, A-F).</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="85"/>
        <source>This UID is already stored for another card: check the UID read from the card.</source>
        <comment>console_cards.uid_used</comment>
        <translation>UID ini sudah tersimpan untuk kartu lain: periksa UID yang dibaca dari kartu.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="90"/>
        <source>This record is no longer ready to print (it was printed or moved meanwhile).</source>
        <comment>console_cards.not_print_ready</comment>
        <translation>Rekaman ini tidak lagi siap cetak (sudah dicetak atau berubah sementara itu).</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="95"/>
        <source>This record is not held here.</source>
        <comment>console_cards.not_found</comment>
        <translation>Rekaman ini tidak ada di sini.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="96"/>
        <source>The data center refused this card.</source>
        <comment>console_cards.refused_other</comment>
        <translation>Data center menolak kartu ini.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="97"/>
        <source>Record {record}: {why}</source>
        <comment>console_cards.row_refused</comment>
        <translation>Rekaman {record}: {why}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="100"/>
        <source>Card</source>
        <comment>console_cards.card_title</comment>
        <translation>KTP-el</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="101"/>
        <source>No card has been printed for this record.</source>
        <comment>console_cards.no_card</comment>
        <translation>Belum ada KTP-el yang dicetak untuk rekaman ini.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="102"/>
        <source>Cards printed for this record</source>
        <comment>console_cards.card_caption</comment>
        <translation>KTP-el yang dicetak untuk rekaman ini</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="103"/>
        <source>Chip UID</source>
        <comment>console_cards.card_uid</comment>
        <translation>UID chip</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="104"/>
        <source>Printed on</source>
        <comment>console_cards.card_day</comment>
        <translation>Tanggal cetak</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="105"/>
        <source>Marked by</source>
        <comment>console_cards.card_actor</comment>
        <translation>Ditandai oleh</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/cards_sentences.py" line="106"/>
        <source>Marked at</source>
        <comment>console_cards.card_at</comment>
        <translation>Waktu ditandai</translation>
    </message>
</context>
<context>
    <name>console_laptops</name>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="16"/>
        <source>Enroll a new laptop</source>
        <comment>console_laptops.enroll_title</comment>
        <translation>Daftarkan laptop baru</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="17"/>
        <source>A one-time code lets one laptop join this data center, once.</source>
        <comment>console_laptops.enroll_intro</comment>
        <translation>Kode sekali pakai mengizinkan satu laptop bergabung dengan data center ini, satu kali saja.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="22"/>
        <source>Code valid for (hours)</source>
        <comment>console_laptops.ttl_label</comment>
        <translation>Kode berlaku selama (jam)</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="23"/>
        <source>Data center address for the laptop</source>
        <comment>console_laptops.url_label</comment>
        <translation>Alamat data center untuk laptop</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="24"/>
        <source>The address the service listens on, or the one this browser used. Change it if the laptops reach the data center by another name or address.</source>
        <comment>console_laptops.url_help</comment>
        <translation>Alamat yang didengarkan layanan, atau alamat yang dipakai peramban ini. Ubah bila laptop menjangkau data center dengan nama atau alamat lain.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="30"/>
        <source>Make the code</source>
        <comment>console_laptops.issue_button</comment>
        <translation>Buat kode</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="31"/>
        <source>Enrolling and revoking laptops is for administrators.</source>
        <comment>console_laptops.admins_only</comment>
        <translation>Mendaftarkan dan mencabut laptop hanya dapat dilakukan oleh administrator.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="36"/>
        <source>Give a whole number of hours from 1 to {most}.</source>
        <comment>console_laptops.bad_ttl</comment>
        <translation>Isi jumlah jam berupa bilangan bulat dari 1 sampai {most}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="41"/>
        <source>Give an address like https://10.0.0.5:8443 (https, no path after it).</source>
        <comment>console_laptops.bad_url</comment>
        <translation>Isi alamat seperti https://10.0.0.5:8443 (https, tanpa jalur di belakangnya).</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="46"/>
        <source>No code was made: correct the field marked below.</source>
        <comment>console_laptops.form_errors</comment>
        <translation>Kode belum dibuat: perbaiki isian yang ditandai di bawah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="53"/>
        <source>Enrollment code for a new laptop</source>
        <comment>console_laptops.code_title</comment>
        <translation>Kode pendaftaran laptop baru</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="54"/>
        <source>The code is made. It is shown on this page for {minutes} minutes.</source>
        <comment>console_laptops.code_made</comment>
        <translation>Kode sudah dibuat. Kode ditampilkan di halaman ini selama {minutes} menit.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="59"/>
        <source>One-time code</source>
        <comment>console_laptops.code_label</comment>
        <translation>Kode sekali pakai</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="60"/>
        <source>Valid until {until}, for one laptop, once.</source>
        <comment>console_laptops.code_valid_until</comment>
        <translation>Berlaku sampai {until}, untuk satu laptop, satu kali.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="65"/>
        <source>Data center address</source>
        <comment>console_laptops.url_shown</comment>
        <translation>Alamat data center</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="66"/>
        <source>CA fingerprint</source>
        <comment>console_laptops.fingerprint_shown</comment>
        <translation>Sidik CA</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="67"/>
        <source>QR code of the enrollment file: the address, the code and the CA fingerprint</source>
        <comment>console_laptops.qr_label</comment>
        <translation>Kode QR berkas pendaftaran: alamat, kode, dan sidik CA</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="72"/>
        <source>On the laptop</source>
        <comment>console_laptops.steps_title</comment>
        <translation>Di laptop</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="73"/>
        <source>Log in to FieldKit as an operator or an admin and open the Sinkronisasi screen.</source>
        <comment>console_laptops.step_open</comment>
        <translation>Masuk ke FieldKit sebagai operator atau admin, lalu buka layar Sinkronisasi.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="78"/>
        <source>Under “Enrollment file from the operator”, press “Read its QR code with the camera” and hold this page, or its print, up to the camera.</source>
        <comment>console_laptops.step_camera</comment>
        <translation>Di bagian “Berkas pendaftaran dari operator”, tekan “Baca kode QR-nya dengan kamera”, lalu hadapkan halaman ini atau cetakannya ke kamera.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="84"/>
        <source>No camera? Type the address, the code and the CA fingerprint above into “Server address”, “One-time code” and “CA fingerprint”.</source>
        <comment>console_laptops.step_type</comment>
        <translation>Tidak ada kamera? Ketik alamat, kode, dan sidik CA di atas ke kolom “Alamat server”, “Kode sekali pakai”, dan “Sidik CA”.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="90"/>
        <source>Check the address, then press “Enroll this laptop”. The laptop then appears in the list on the Laptops page.</source>
        <comment>console_laptops.step_enroll</comment>
        <translation>Periksa alamatnya, lalu tekan “Daftarkan laptop ini”. Laptop itu kemudian muncul di daftar pada halaman Laptop.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="96"/>
        <source>Or on the laptop&apos;s command line:</source>
        <comment>console_laptops.step_cli</comment>
        <translation>Atau lewat baris perintah di laptop:</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="97"/>
        <source>Whoever holds this code can enroll a laptop until it is used: do not leave this page or its print lying around.</source>
        <comment>console_laptops.code_secret</comment>
        <translation>Siapa pun yang memegang kode ini dapat mendaftarkan laptop sampai kode terpakai: jangan biarkan halaman ini atau cetakannya tergeletak.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="103"/>
        <source>To print it, use the browser&apos;s print command (Ctrl+P).</source>
        <comment>console_laptops.print_hint</comment>
        <translation>Untuk mencetak, gunakan perintah cetak peramban (Ctrl+P).</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="108"/>
        <source>Done: hide the code</source>
        <comment>console_laptops.done_button</comment>
        <translation>Selesai: sembunyikan kode</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="109"/>
        <source>The code is no longer shown. If it was not used, make a new one.</source>
        <comment>console_laptops.code_gone</comment>
        <translation>Kode tidak ditampilkan lagi. Bila belum terpakai, buat kode baru.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="116"/>
        <source>Action</source>
        <comment>console_laptops.col_action</comment>
        <translation>Tindakan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="117"/>
        <source>Revoke</source>
        <comment>console_laptops.revoke_link</comment>
        <translation>Cabut</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="118"/>
        <source>Revoke {name}</source>
        <comment>console_laptops.revoke_named</comment>
        <translation>Cabut {name}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="119"/>
        <source>Revoke a laptop</source>
        <comment>console_laptops.revoke_title</comment>
        <translation>Cabut laptop</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="120"/>
        <source>Laptop {name} ({device_id})</source>
        <comment>console_laptops.revoke_which</comment>
        <translation>Laptop {name} ({device_id})</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="121"/>
        <source>Once revoked, every request of this laptop is refused. Records it has not sent yet can no longer be accepted from it; to work again it must be enrolled with a new code.</source>
        <comment>console_laptops.revoke_effect</comment>
        <translation>Setelah dicabut, setiap permintaan dari laptop ini ditolak. Rekaman yang belum dikirimnya tidak dapat lagi diterima darinya; agar dapat bekerja lagi, laptop harus didaftarkan ulang dengan kode baru.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="127"/>
        <source>Reason (required, up to {most} characters)</source>
        <comment>console_laptops.reason_label</comment>
        <translation>Alasan (wajib, paling banyak {most} karakter)</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="132"/>
        <source>Revoke this laptop</source>
        <comment>console_laptops.revoke_button</comment>
        <translation>Cabut laptop ini</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="133"/>
        <source>Cancel</source>
        <comment>console_laptops.cancel</comment>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="134"/>
        <source>Write why this laptop is revoked.</source>
        <comment>console_laptops.reason_missing</comment>
        <translation>Tuliskan alasan laptop ini dicabut.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="139"/>
        <source>The reason is longer than {most} characters.</source>
        <comment>console_laptops.reason_long</comment>
        <translation>Alasan lebih dari {most} karakter.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="144"/>
        <source>No laptop with this id is enrolled here.</source>
        <comment>console_laptops.unknown_laptop</comment>
        <translation>Tidak ada laptop terdaftar dengan ID ini.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="149"/>
        <source>This laptop was already revoked on {when}.</source>
        <comment>console_laptops.already_revoked</comment>
        <translation>Laptop ini sudah dicabut pada {when}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="154"/>
        <source>Laptop {name} ({device_id}) is revoked.</source>
        <comment>console_laptops.revoked_done</comment>
        <translation>Laptop {name} ({device_id}) sudah dicabut.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="161"/>
        <source>Laptops that need attention</source>
        <comment>console_laptops.attention_title</comment>
        <translation>Laptop yang perlu diperhatikan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="162"/>
        <source>No laptop needs attention.</source>
        <comment>console_laptops.attention_none</comment>
        <translation>Tidak ada laptop yang perlu diperhatikan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/laptops_sentences.py" line="163"/>
        <source>See every laptop</source>
        <comment>console_laptops.attention_all</comment>
        <translation>Lihat semua laptop</translation>
    </message>
</context>
<context>
    <name>console_officers</name>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="12"/>
        <source>The parts of Officers &amp; rules</source>
        <comment>console_officers.nav_label</comment>
        <translation>Bagian Petugas &amp; aturan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="13"/>
        <source>Officers</source>
        <comment>console_officers.part_officers</comment>
        <translation>Petugas</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="14"/>
        <source>Office &amp; rules</source>
        <comment>console_officers.part_rules</comment>
        <translation>Kantor &amp; aturan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="15"/>
        <source>Versions &amp; laptops</source>
        <comment>console_officers.part_version</comment>
        <translation>Versi &amp; laptop</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="16"/>
        <source>Office package now: version {version}</source>
        <comment>console_officers.package_version</comment>
        <translation>Paket kantor saat ini: versi {version}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="21"/>
        <source>Every change raises the version; each laptop receives it on its next sync, over the network or by USB stick.</source>
        <comment>console_officers.package_note</comment>
        <translation>Setiap perubahan menaikkan versinya; tiap laptop menerimanya pada sinkronisasi berikutnya, lewat jaringan atau flashdisk.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="27"/>
        <source>The office code is not set yet: until it is (Office &amp; rules), the laptops receive no office package.</source>
        <comment>console_officers.office_unset_note</comment>
        <translation>Kode kantor belum diatur: sebelum diatur (Kantor &amp; aturan), laptop tidak menerima paket kantor.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="33"/>
        <source>The office&apos;s officers and their state</source>
        <comment>console_officers.officers_caption</comment>
        <translation>Petugas kantor dan keadaannya</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="38"/>
        <source>Username</source>
        <comment>console_officers.col_username</comment>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="39"/>
        <source>Full name</source>
        <comment>console_officers.col_full_name</comment>
        <translation>Nama lengkap</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="40"/>
        <source>Role</source>
        <comment>console_officers.col_role</comment>
        <translation>Peran</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="41"/>
        <source>State</source>
        <comment>console_officers.col_state</comment>
        <translation>Keadaan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="42"/>
        <source>Actions</source>
        <comment>console_officers.col_actions</comment>
        <translation>Tindakan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="43"/>
        <source>Recording officer</source>
        <comment>console_officers.role_petugas</comment>
        <translation>Petugas perekaman</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="44"/>
        <source>Team lead</source>
        <comment>console_officers.role_ketua_tim</comment>
        <translation>Ketua tim</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="45"/>
        <source>Office operator</source>
        <comment>console_officers.role_operator</comment>
        <translation>Operator kantor</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="46"/>
        <source>Laptop administrator</source>
        <comment>console_officers.role_admin</comment>
        <translation>Administrator laptop</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="47"/>
        <source>active</source>
        <comment>console_officers.state_active</comment>
        <translation>aktif</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="48"/>
        <source>waiting for the first login (code valid until {expires})</source>
        <comment>console_officers.state_waiting</comment>
        <translation>menunggu login pertama (kode berlaku sampai {expires})</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="53"/>
        <source>waiting for the first login: the code expired on {expires}</source>
        <comment>console_officers.state_expired</comment>
        <translation>menunggu login pertama: kodenya kedaluwarsa sejak {expires}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="58"/>
        <source>disabled</source>
        <comment>console_officers.state_disabled</comment>
        <translation>nonaktif</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="59"/>
        <source>No officers yet: add the first one.</source>
        <comment>console_officers.no_officers</comment>
        <translation>Belum ada petugas: tambahkan yang pertama.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="60"/>
        <source>Add officer</source>
        <comment>console_officers.add_link</comment>
        <translation>Tambah petugas</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="61"/>
        <source>New code</source>
        <comment>console_officers.new_code</comment>
        <translation>Kode baru</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="62"/>
        <source>New code for {username}</source>
        <comment>console_officers.new_code_for</comment>
        <translation>Kode baru untuk {username}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="63"/>
        <source>Disable</source>
        <comment>console_officers.disable</comment>
        <translation>Nonaktifkan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="64"/>
        <source>Disable {username}</source>
        <comment>console_officers.disable_for</comment>
        <translation>Nonaktifkan {username}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="65"/>
        <source>Enable again</source>
        <comment>console_officers.enable</comment>
        <translation>Aktifkan lagi</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="66"/>
        <source>Enable again {username}</source>
        <comment>console_officers.enable_for</comment>
        <translation>Aktifkan lagi {username}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="67"/>
        <source>As an operator you may add officers (recording officer, team lead, office operator), give a new code to an officer who is not an admin, and disable an officer. Enabling an officer again, an admin&apos;s code, and the office, the rules and the minimum version, are for an administrator.</source>
        <comment>console_officers.operator_note</comment>
        <translation>Sebagai operator, Anda dapat menambah petugas (petugas perekaman, ketua tim, operator kantor), membuat kode baru untuk petugas yang bukan admin, dan menonaktifkan petugas. Mengaktifkan lagi petugas, kode untuk admin, serta identitas kantor, aturan dan versi minimum, hanya untuk administrator.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="75"/>
        <source>The officer is disabled: each laptop refuses their login from its next sync.</source>
        <comment>console_officers.result_disabled</comment>
        <translation>Petugas dinonaktifkan: setiap laptop menolak loginnya sejak sinkronisasi berikutnya.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="80"/>
        <source>Add an officer</source>
        <comment>console_officers.add_title</comment>
        <translation>Tambah petugas</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="81"/>
        <source>The officer gets a one-time code for the first login on a team laptop. It is shown once, on the next page.</source>
        <comment>console_officers.add_intro</comment>
        <translation>Petugas mendapat kode sekali pakai untuk login pertama di laptop tim. Kode itu ditampilkan sekali saja, di halaman berikutnya.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="87"/>
        <source>Username</source>
        <comment>console_officers.label_username</comment>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="88"/>
        <source>2 to 32 characters: lowercase letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter. The officer logs in with it.</source>
        <comment>console_officers.hint_username</comment>
        <translation>2 sampai 32 karakter: huruf kecil, angka, &apos;.&apos;, &apos;_&apos; atau &apos;-&apos;, diawali huruf. Petugas login dengan nama ini.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="94"/>
        <source>Full name, with titles, as letters print it</source>
        <comment>console_officers.label_full_name</comment>
        <translation>Nama lengkap dengan gelar, seperti tercetak di surat</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="99"/>
        <source>At most {max} characters.</source>
        <comment>console_officers.hint_full_name</comment>
        <translation>Paling banyak {max} karakter.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="100"/>
        <source>Role</source>
        <comment>console_officers.label_role</comment>
        <translation>Peran</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="101"/>
        <source>NIP (optional)</source>
        <comment>console_officers.label_nip</comment>
        <translation>NIP (boleh kosong)</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="102"/>
        <source>18 digits; spaces are allowed.</source>
        <comment>console_officers.hint_nip</comment>
        <translation>18 angka; boleh memakai spasi.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="103"/>
        <source>Rank/grade (optional)</source>
        <comment>console_officers.label_rank</comment>
        <translation>Pangkat/golongan (boleh kosong)</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="104"/>
        <source>For example Penata Muda, III/a. At most {max} characters.</source>
        <comment>console_officers.hint_rank</comment>
        <translation>Misalnya Penata Muda, III/a. Paling banyak {max} karakter.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="109"/>
        <source>Add the officer and make the code</source>
        <comment>console_officers.add_button</comment>
        <translation>Tambah petugas dan buat kode</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="110"/>
        <source>Cancel</source>
        <comment>console_officers.cancel</comment>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="111"/>
        <source>Nothing was saved: correct the field marked below.</source>
        <comment>console_officers.not_saved</comment>
        <translation>Belum ada yang disimpan: perbaiki isian yang ditandai di bawah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="116"/>
        <source>First-login code for {username}</source>
        <comment>console_officers.code_title</comment>
        <translation>Kode login pertama untuk {username}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="117"/>
        <source>Officer {username} ({name}) is added.</source>
        <comment>console_officers.code_added</comment>
        <translation>Petugas {username} ({name}) sudah ditambahkan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="122"/>
        <source>A new code for {username}: the earlier one no longer works.</source>
        <comment>console_officers.code_new</comment>
        <translation>Kode baru untuk {username}: kode sebelumnya tidak berlaku lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="127"/>
        <source>{username} is active again.</source>
        <comment>console_officers.code_enabled</comment>
        <translation>{username} aktif lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="128"/>
        <source>One-time code</source>
        <comment>console_officers.code_label</comment>
        <translation>Kode sekali pakai</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="129"/>
        <source>Valid until {expires}, for one first login only.</source>
        <comment>console_officers.code_valid</comment>
        <translation>Berlaku sampai {expires}, untuk satu kali login pertama.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="134"/>
        <source>What the officer does with it</source>
        <comment>console_officers.code_steps</comment>
        <translation>Yang dilakukan petugas dengan kode ini</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="135"/>
        <source>Hand the code to {username} in person, or read it out over the phone. Do not send it to a group chat.</source>
        <comment>console_officers.code_step_give</comment>
        <translation>Serahkan kode ini langsung kepada {username}, atau bacakan lewat telepon. Jangan dikirim ke grup percakapan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="141"/>
        <source>The team laptop receives the officer with office package version {version} on its next sync, over the network or by USB stick.</source>
        <comment>console_officers.code_step_sync</comment>
        <translation>Laptop tim menerima petugas ini bersama paket kantor versi {version} pada sinkronisasi berikutnya, lewat jaringan atau flashdisk.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="147"/>
        <source>On that laptop, open Pengaturan, choose &quot;First login of a new officer…&quot;, pick the officer&apos;s name, type this code, then choose a password of their own.</source>
        <comment>console_officers.code_step_login</comment>
        <translation>Di laptop itu, buka Pengaturan, pilih &quot;Masuk pertama kali petugas baru…&quot;, pilih nama petugas, ketik kode ini, lalu buat kata sandi sendiri.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="153"/>
        <source>This code is shown only now and is kept nowhere. If it is lost, make a new one from the list of officers.</source>
        <comment>console_officers.code_once</comment>
        <translation>Kode ini hanya ditampilkan sekarang dan tidak disimpan di mana pun. Jika hilang, buat kode baru dari daftar petugas.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="159"/>
        <source>Back to the officers</source>
        <comment>console_officers.back_to_list</comment>
        <translation>Kembali ke daftar petugas</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="160"/>
        <source>Disable {username}?</source>
        <comment>console_officers.disable_title</comment>
        <translation>Nonaktifkan {username}?</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="161"/>
        <source>{name} can no longer log in: each laptop refuses the login and removes the officer&apos;s key from its next sync. The records already made stay.</source>
        <comment>console_officers.disable_text</comment>
        <translation>{name} tidak dapat login lagi: setiap laptop menolak loginnya dan menghapus kuncinya sejak sinkronisasi berikutnya. Rekaman yang sudah dibuat tetap ada.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="167"/>
        <source>Yes, disable {username}</source>
        <comment>console_officers.disable_confirm</comment>
        <translation>Ya, nonaktifkan {username}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="168"/>
        <source>The office</source>
        <comment>console_officers.office_title</comment>
        <translation>Identitas kantor</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="169"/>
        <source>Office code</source>
        <comment>console_officers.label_office_code</comment>
        <translation>Kode kantor</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="170"/>
        <source>The 4-digit Kemendagri code of the regency or city, for example 3505.</source>
        <comment>console_officers.hint_office_code</comment>
        <translation>Kode kabupaten/kota Kemendagri 4 digit, misalnya 3505.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="175"/>
        <source>Office name</source>
        <comment>console_officers.label_office_name</comment>
        <translation>Nama kantor</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="176"/>
        <source>As the console&apos;s header shows it, for example Disdukcapil Kabupaten Blitar.</source>
        <comment>console_officers.hint_office_name</comment>
        <translation>Seperti tampil di kepala konsol, misalnya Disdukcapil Kabupaten Blitar.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="181"/>
        <source>A laptop enrolled under another office code refuses this office&apos;s package: change the code only before the laptops are in use.</source>
        <comment>console_officers.office_warning</comment>
        <translation>Laptop yang terdaftar dengan kode kantor lain menolak paket kantor ini: ubah kode hanya sebelum laptop dipakai.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="187"/>
        <source>Save the office</source>
        <comment>console_officers.save_office</comment>
        <translation>Simpan identitas kantor</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="188"/>
        <source>The office&apos;s identity is saved.</source>
        <comment>console_officers.result_office</comment>
        <translation>Identitas kantor sudah disimpan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="189"/>
        <source>Rules for the laptops</source>
        <comment>console_officers.rules_title</comment>
        <translation>Aturan untuk laptop</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="190"/>
        <source>A field left empty is not changed. A rule the office has never set follows each laptop&apos;s own default, named under its field.</source>
        <comment>console_officers.rules_intro</comment>
        <translation>Isian yang dikosongkan tidak diubah. Aturan yang belum pernah diatur kantor mengikuti bawaan tiap laptop, yang tertulis di bawah isiannya.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="196"/>
        <source>Quality thresholds, on a scale of 0 to {max}</source>
        <comment>console_officers.thresholds_legend</comment>
        <translation>Ambang mutu, pada skala 0 sampai {max}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="201"/>
        <source>Face</source>
        <comment>console_officers.modality_face</comment>
        <translation>Wajah</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="202"/>
        <source>Fingerprint</source>
        <comment>console_officers.modality_finger</comment>
        <translation>Sidik jari</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="203"/>
        <source>Iris</source>
        <comment>console_officers.modality_iris</comment>
        <translation>Iris</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="204"/>
        <source>Signature</source>
        <comment>console_officers.modality_signature</comment>
        <translation>Tanda tangan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="205"/>
        <source>From 0 to {max} points; the laptop&apos;s default is {default}.</source>
        <comment>console_officers.hint_threshold</comment>
        <translation>Dari 0 sampai {max} poin; bawaan laptop {default}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="210"/>
        <source>points</source>
        <comment>console_officers.unit_points</comment>
        <translation>poin</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="211"/>
        <source>Attempts per capture</source>
        <comment>console_officers.label_max_attempts</comment>
        <translation>Percobaan per perekaman</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="212"/>
        <source>times</source>
        <comment>console_officers.unit_times</comment>
        <translation>kali</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="213"/>
        <source>From 1 to {max} times; the laptop&apos;s default is {default}.</source>
        <comment>console_officers.hint_max_attempts</comment>
        <translation>Dari 1 sampai {max} kali; bawaan laptop {default}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="218"/>
        <source>Stop new recording after this long without a sync</source>
        <comment>console_officers.label_freeze_days</comment>
        <translation>Hentikan perekaman baru setelah tidak sinkron selama</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="223"/>
        <source>days</source>
        <comment>console_officers.unit_days</comment>
        <translation>hari</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="224"/>
        <source>At least 1 day; the laptop&apos;s default is {default}.</source>
        <comment>console_officers.hint_freeze_days</comment>
        <translation>Paling sedikit 1 hari; bawaan laptop {default}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="229"/>
        <source>Stop new recording when more records than this wait to be sent</source>
        <comment>console_officers.label_freeze_max_waiting</comment>
        <translation>Hentikan perekaman baru bila rekaman yang menunggu dikirim lebih dari</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="234"/>
        <source>records</source>
        <comment>console_officers.unit_records</comment>
        <translation>rekaman</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="235"/>
        <source>At least 1 record; the laptop&apos;s default is {default}.</source>
        <comment>console_officers.hint_freeze_max_waiting</comment>
        <translation>Paling sedikit 1 rekaman; bawaan laptop {default}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="240"/>
        <source>Lock the laptop when it is not used for</source>
        <comment>console_officers.label_idle_lock_minutes</comment>
        <translation>Kunci laptop bila tidak dipakai selama</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="245"/>
        <source>minutes</source>
        <comment>console_officers.unit_minutes</comment>
        <translation>menit</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="246"/>
        <source>From {min} to {max} minutes; the laptop&apos;s default is {default}.</source>
        <comment>console_officers.hint_idle_lock_minutes</comment>
        <translation>Dari {min} sampai {max} menit; bawaan laptop {default}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="251"/>
        <source>Hands-free capture and the countersign on the spot</source>
        <comment>console_officers.switches_legend</comment>
        <translation>Rekam otomatis dan tanda tangan di tempat</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="256"/>
        <source>An office&apos;s &quot;off&quot; binds every laptop: its admin cannot turn it on. An office&apos;s &quot;on&quot; may still be turned off on a laptop.</source>
        <comment>console_officers.switches_note</comment>
        <translation>&quot;Nonaktif&quot; dari kantor mengikat setiap laptop: admin laptop tidak dapat mengaktifkannya. &quot;Aktif&quot; dari kantor masih boleh dinonaktifkan di laptop.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="262"/>
        <source>The ketua tim countersigns on the spot</source>
        <comment>console_officers.label_cosign_on_spot</comment>
        <translation>Ketua tim menandatangani di tempat</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="267"/>
        <source>After a capture kept below the threshold or an exception, the ketua tim present countersigns with the staff card and PIN, and the record does not wait for the review. The laptop&apos;s default is {default}.</source>
        <comment>console_officers.hint_cosign_on_spot</comment>
        <translation>Setelah rekaman di bawah ambang yang tetap disimpan atau pengecualian, ketua tim yang hadir menandatangani dengan kartu petugas dan PIN, dan rekaman tidak menunggu tinjauan. Bawaan laptop: {default}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="274"/>
        <source>Auto-capture (hands-free)</source>
        <comment>console_officers.label_autocapture</comment>
        <translation>Rekam otomatis (tanpa menekan tombol)</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="275"/>
        <source>A capture step takes its capture by itself once the person holds still. The laptop&apos;s default is {default}.</source>
        <comment>console_officers.hint_autocapture</comment>
        <translation>Langkah perekaman merekam sendiri begitu orangnya diam. Bawaan laptop: {default}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="281"/>
        <source>Auto-capture waits for the person to hold still for</source>
        <comment>console_officers.label_autocapture_steady_s</comment>
        <translation>Rekam otomatis menunggu orangnya diam selama</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="286"/>
        <source>seconds</source>
        <comment>console_officers.unit_seconds</comment>
        <translation>detik</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="287"/>
        <source>From {min} to {max} seconds; once the office sets it, a laptop&apos;s admin cannot change it. The laptop&apos;s default is {default}.</source>
        <comment>console_officers.hint_autocapture_steady_s</comment>
        <translation>Dari {min} sampai {max} detik; begitu kantor mengaturnya, admin laptop tidak dapat mengubahnya. Bawaan laptop {default}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="293"/>
        <source>on</source>
        <comment>console_officers.switch_on</comment>
        <translation>aktif</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="294"/>
        <source>off</source>
        <comment>console_officers.switch_off</comment>
        <translation>nonaktif</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="295"/>
        <source>not set: the laptop&apos;s own ({default})</source>
        <comment>console_officers.switch_unset</comment>
        <translation>tidak diatur: bawaan laptop ({default})</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="300"/>
        <source>Choose one of the choices in the list.</source>
        <comment>console_officers.not_a_choice</comment>
        <translation>Pilih salah satu pilihan dalam daftar.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="303"/>
        <source>Letterhead of the letters the laptops print</source>
        <comment>console_officers.letterhead_legend</comment>
        <translation>Kop surat yang dicetak laptop</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="308"/>
        <source>A line left empty is not printed. Each line is at most {max} characters.</source>
        <comment>console_officers.letterhead_note</comment>
        <translation>Baris yang dikosongkan tidak dicetak. Tiap baris paling banyak {max} karakter.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="313"/>
        <source>Office address</source>
        <comment>console_officers.label_address</comment>
        <translation>Alamat kantor</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="314"/>
        <source>Telephone and e-mail</source>
        <comment>console_officers.label_contact</comment>
        <translation>Telepon dan surel</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="315"/>
        <source>Name of the head of the office</source>
        <comment>console_officers.label_head_name</comment>
        <translation>Nama kepala dinas</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="316"/>
        <source>Rank/grade of the head</source>
        <comment>console_officers.label_head_rank</comment>
        <translation>Pangkat/golongan kepala dinas</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="317"/>
        <source>NIP of the head</source>
        <comment>console_officers.label_head_nip</comment>
        <translation>NIP kepala dinas</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="318"/>
        <source>Letter number format</source>
        <comment>console_officers.label_number_pattern</comment>
        <translation>Format nomor surat</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="319"/>
        <source>Must contain {seq} (the running number); may also use {others}. The laptop&apos;s default is {default}.</source>
        <comment>console_officers.hint_number_pattern</comment>
        <translation>Wajib memuat {seq} (nomor urut); boleh juga memakai {others}. Bawaan laptop {default}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="325"/>
        <source>Consent text read to each person</source>
        <comment>console_officers.label_consent_text</comment>
        <translation>Teks persetujuan yang dibacakan kepada setiap orang</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="330"/>
        <source>The petugas reads these words to the person (or their guardian) before recording. At most {max} characters; line breaks are kept. Unlike the other fields, emptying this one brings back the laptops&apos; own words, shown greyed in it.</source>
        <comment>console_officers.hint_consent_text</comment>
        <translation>Petugas membacakan kata-kata ini kepada yang bersangkutan (atau walinya) sebelum perekaman. Paling banyak {max} karakter; baris baru tetap dipertahankan. Berbeda dari isian lain, mengosongkan isian ini mengembalikan kata-kata bawaan laptop, yang tampak samar di dalamnya.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="337"/>
        <source>the laptop&apos;s own words:</source>
        <comment>console_officers.consent_default</comment>
        <translation>kata-kata bawaan laptop:</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="338"/>
        <source>Save the rules</source>
        <comment>console_officers.save_rules</comment>
        <translation>Simpan aturan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="339"/>
        <source>The rules are saved: each laptop follows them from its next sync.</source>
        <comment>console_officers.result_rules</comment>
        <translation>Aturan sudah disimpan: setiap laptop mengikutinya sejak sinkronisasi berikutnya.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="344"/>
        <source>Only an administrator changes the office&apos;s identity, the rules and the minimum version. What is set now:</source>
        <comment>console_officers.admin_only</comment>
        <translation>Hanya administrator yang dapat mengubah identitas kantor, aturan dan versi minimum. Yang berlaku sekarang:</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="350"/>
        <source>the laptop&apos;s own ({default})</source>
        <comment>console_officers.laptop_default</comment>
        <translation>bawaan laptop ({default})</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="351"/>
        <source>not set</source>
        <comment>console_officers.not_set</comment>
        <translation>belum diatur</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="352"/>
        <source>Write a number here.</source>
        <comment>console_officers.not_a_number</comment>
        <translation>Isi dengan angka.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="353"/>
        <source>Minimum FieldKit version</source>
        <comment>console_officers.min_version_title</comment>
        <translation>Versi FieldKit minimum</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="354"/>
        <source>Minimum FieldKit version</source>
        <comment>console_officers.label_min_version</comment>
        <translation>Versi FieldKit minimum</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="355"/>
        <source>For example 0.9.0. A laptop below it is marked on this page and asked to update.</source>
        <comment>console_officers.hint_min_version</comment>
        <translation>Misalnya 0.9.0. Laptop di bawah versi ini ditandai di halaman ini dan diminta memperbarui.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="360"/>
        <source>Minimum version now: {version}</source>
        <comment>console_officers.min_version_now</comment>
        <translation>Versi minimum saat ini: {version}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="361"/>
        <source>No minimum version is set.</source>
        <comment>console_officers.min_version_none</comment>
        <translation>Belum ada versi minimum.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="362"/>
        <source>Save the minimum version</source>
        <comment>console_officers.save_min_version</comment>
        <translation>Simpan versi minimum</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="363"/>
        <source>The minimum version is saved: each laptop learns it on its next sync.</source>
        <comment>console_officers.result_min_version</comment>
        <translation>Versi minimum sudah disimpan: setiap laptop mengetahuinya pada sinkronisasi berikutnya.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="368"/>
        <source>The update offered</source>
        <comment>console_officers.offer_title</comment>
        <translation>Pembaruan yang ditawarkan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="369"/>
        <source>FieldKit {version} is offered ({file}, {size} MB).</source>
        <comment>console_officers.offer_now</comment>
        <translation>FieldKit {version} ditawarkan ({file}, {size} MB).</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="374"/>
        <source>No update is offered.</source>
        <comment>console_officers.offer_none</comment>
        <translation>Tidak ada pembaruan yang ditawarkan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="375"/>
        <source>An installer signed for release is put on the server with this command, and taken back with &quot;release withdraw&quot;; the laptops fetch it from their next sync:</source>
        <comment>console_officers.offer_how</comment>
        <translation>Pemasang yang sudah ditandatangani untuk rilis diletakkan di server dengan perintah ini, dan ditarik dengan &quot;release withdraw&quot;; laptop mengambilnya sejak sinkronisasi berikutnya:</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="381"/>
        <source>fieldkit-datacenter release offer INSTALLER --version VERSION --signature INSTALLER.sig</source>
        <comment>console_officers.offer_command</comment>
        <translation>fieldkit-datacenter release offer PEMASANG --version VERSI --signature PEMASANG.sig</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="386"/>
        <source>The package version each laptop applied</source>
        <comment>console_officers.laptops_title</comment>
        <translation>Versi paket yang diterapkan tiap laptop</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="391"/>
        <source>Each enrolled laptop and the office package version it last reported applying</source>
        <comment>console_officers.laptops_caption</comment>
        <translation>Tiap laptop terdaftar dan versi paket kantor terakhir yang dilaporkan sudah diterapkan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="396"/>
        <source>Laptop</source>
        <comment>console_officers.col_laptop</comment>
        <translation>Laptop</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="397"/>
        <source>FieldKit</source>
        <comment>console_officers.col_fieldkit</comment>
        <translation>FieldKit</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="398"/>
        <source>Package applied</source>
        <comment>console_officers.col_applied</comment>
        <translation>Paket diterapkan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="399"/>
        <source>Up to date?</source>
        <comment>console_officers.col_package_state</comment>
        <translation>Mutakhir?</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="400"/>
        <source>up to date</source>
        <comment>console_officers.laptop_up_to_date</comment>
        <translation>mutakhir</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="401"/>
        <source>behind: version {applied}, the office is at {now}</source>
        <comment>console_officers.laptop_behind</comment>
        <translation>tertinggal: versi {applied}, kantor sudah versi {now}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="406"/>
        <source>no report yet</source>
        <comment>console_officers.laptop_no_report</comment>
        <translation>belum melapor</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="407"/>
        <source>none</source>
        <comment>console_officers.laptop_none</comment>
        <translation>belum ada</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="408"/>
        <source>revoked</source>
        <comment>console_officers.laptop_revoked</comment>
        <translation>dicabut</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="409"/>
        <source>below the minimum version</source>
        <comment>console_officers.below_minimum</comment>
        <translation>di bawah versi minimum</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="410"/>
        <source>No laptop is enrolled yet.</source>
        <comment>console_officers.no_laptops</comment>
        <translation>Belum ada laptop yang terdaftar.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/officers_sentences.py" line="411"/>
        <source>A laptop reports the version it has applied at the start of each sync, before it receives the new package: a change shows here as applied from the laptop&apos;s following sync.</source>
        <comment>console_officers.laptops_note</comment>
        <translation>Laptop melaporkan versi yang sudah diterapkannya di awal setiap sinkronisasi, sebelum menerima paket baru: perubahan tampil sudah diterapkan di sini mulai sinkronisasi berikutnya dari laptop itu.</translation>
    </message>
</context>
<context>
    <name>console_operations</name>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="13"/>
        <source>Readiness</source>
        <comment>console_operations.ready_heading</comment>
        <translation>Kesiapan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="19"/>
        <source>Ready: the data center can take records now.</source>
        <comment>console_operations.ready_yes</comment>
        <translation>Siap: pusat data dapat menerima rekaman sekarang.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="24"/>
        <source>Not ready: laptops cannot send records now. What fails is named below; the server&apos;s log says more.</source>
        <comment>console_operations.ready_no</comment>
        <translation>Belum siap: laptop tidak dapat mengirim rekaman sekarang. Bagian yang bermasalah disebut di bawah; log server memuat rinciannya.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="30"/>
        <source>Part</source>
        <comment>console_operations.col_part</comment>
        <translation>Bagian</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="31"/>
        <source>State</source>
        <comment>console_operations.col_state</comment>
        <translation>Keadaan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="32"/>
        <source>What was found</source>
        <comment>console_operations.col_found</comment>
        <translation>Hasil pemeriksaan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="33"/>
        <source>Database</source>
        <comment>console_operations.part_database</comment>
        <translation>Basis data</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="34"/>
        <source>Sealed-record store</source>
        <comment>console_operations.part_blobs</comment>
        <translation>Penyimpanan rekaman tersegel</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="35"/>
        <source>Keys</source>
        <comment>console_operations.part_keys</comment>
        <translation>Kunci</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="36"/>
        <source>Backup key</source>
        <comment>console_operations.part_backup_key</comment>
        <translation>Kunci cadangan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="37"/>
        <source>Ready</source>
        <comment>console_operations.state_ok</comment>
        <translation>Siap</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="38"/>
        <source>Not ready</source>
        <comment>console_operations.state_failed</comment>
        <translation>Tidak siap</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="39"/>
        <source>Needs attention</source>
        <comment>console_operations.state_warn</comment>
        <translation>Perlu perhatian</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="45"/>
        <source>Does not answer ({error})</source>
        <comment>console_operations.database_unreachable</comment>
        <translation>Tidak menjawab ({error})</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="53"/>
        <source>Takes a write</source>
        <comment>console_operations.blobs_ok</comment>
        <translation>Dapat ditulisi</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="54"/>
        <source>Takes no write (a full or read-only disk, or a folder taken away)</source>
        <comment>console_operations.blobs_failed</comment>
        <translation>Tidak dapat ditulisi (disk penuh atau hanya-baca, atau foldernya hilang)</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="59"/>
        <source>Loaded; the active encryption key is {kid}; every private key is protected with the passphrase</source>
        <comment>console_operations.keys_protected</comment>
        <translation>Dimuat; kunci enkripsi aktif: {kid}; semua kunci pribadi dilindungi frasa sandi</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="65"/>
        <source>Loaded; the active encryption key is {kid}; private keys kept without a passphrase: {count} (run fieldkit-datacenter keys protect on the server)</source>
        <comment>console_operations.keys_clear</comment>
        <translation>Dimuat; kunci enkripsi aktif: {kid}; kunci pribadi tanpa frasa sandi: {count} (jalankan fieldkit-datacenter keys protect di server)</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="71"/>
        <source>There ({file}): keep a copy offline, with the keys&apos; passphrase</source>
        <comment>console_operations.backup_key_there</comment>
        <translation>Ada ({file}): simpan salinannya di luar server, bersama frasa sandi kunci</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="76"/>
        <source>None yet: the first backup makes it</source>
        <comment>console_operations.backup_key_none</comment>
        <translation>Belum ada: cadangan pertama akan membuatnya</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="83"/>
        <source>Version</source>
        <comment>console_operations.version_heading</comment>
        <translation>Versi</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="84"/>
        <source>FieldKit data center</source>
        <comment>console_operations.version_fieldkit</comment>
        <translation>Pusat data FieldKit</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="86"/>
        <source>{revision} (the newest this version knows: {head})</source>
        <comment>console_operations.version_schema_value</comment>
        <translation>{revision} (terbaru yang dikenal versi ini: {head})</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="14"/>
        <source>Checked just now, the way a laptop&apos;s sync checks that the data center is ready.</source>
        <comment>console_operations.ready_intro</comment>
        <translation>Baru saja diperiksa, sama seperti sinkronisasi laptop memeriksa apakah pusat data siap.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="40"/>
        <source>Answers ({engine}, data layout version {revision})</source>
        <comment>console_operations.database_ok</comment>
        <translation>Menjawab ({engine}, versi susunan data {revision})</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="48"/>
        <source>Data layout version {revision}, but this version of FieldKit needs {head}</source>
        <comment>console_operations.database_schema_other</comment>
        <translation>Versi susunan data {revision}, padahal versi FieldKit ini memerlukan {head}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="85"/>
        <source>Data layout version</source>
        <comment>console_operations.version_schema</comment>
        <translation>Versi susunan data</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="91"/>
        <source>Data layout versions this version knows</source>
        <comment>console_operations.version_known</comment>
        <translation>Versi susunan data yang dikenal versi ini</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="96"/>
        <source>unknown</source>
        <comment>console_operations.unknown</comment>
        <translation>tidak diketahui</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="99"/>
        <source>Backups</source>
        <comment>console_operations.backups_heading</comment>
        <translation>Cadangan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="100"/>
        <source>A backup holds every record (still sealed), every laptop and every console account as they are at that moment, in one file in the folder {folder}. It holds no keys and no console logins.</source>
        <comment>console_operations.backups_intro</comment>
        <translation>Cadangan memuat semua rekaman (tetap tersegel), semua laptop, dan semua akun konsol seperti pada saat itu, dalam satu berkas di folder {folder}. Cadangan tidak memuat kunci dan tidak memuat login konsol.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="107"/>
        <source>A backup on this server&apos;s own disk is lost with that disk: copy the newest one to the office&apos;s backup store every day, and keep a copy of the folder {keys} apart, once.</source>
        <comment>console_operations.backups_copy</comment>
        <translation>Cadangan di disk server ini ikut hilang bila disk itu rusak: salin cadangan terbaru ke penyimpanan cadangan kantor setiap hari, dan simpan salinan folder {keys} secara terpisah, cukup sekali.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="113"/>
        <source>Make a backup</source>
        <comment>console_operations.make_button</comment>
        <translation>Buat cadangan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="114"/>
        <source>It may take a few minutes; laptops keep syncing meanwhile. Wait until this page answers.</source>
        <comment>console_operations.make_note</comment>
        <translation>Ini bisa memakan waktu beberapa menit; laptop tetap dapat sinkron selama itu. Tunggu sampai halaman ini menjawab.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="119"/>
        <source>Only an administrator may make a backup: each one is a full copy of the office&apos;s records, and it takes disk space the records need.</source>
        <comment>console_operations.admins_only</comment>
        <translation>Hanya administrator yang dapat membuat cadangan: setiap cadangan adalah salinan lengkap rekaman kantor dan memakai ruang disk yang juga diperlukan rekaman.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="125"/>
        <source>Backup {name} made: {rows} rows and {blobs} sealed records.</source>
        <comment>console_operations.made</comment>
        <translation>Cadangan {name} sudah dibuat: {rows} baris dan {blobs} rekaman tersegel.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="130"/>
        <source>This first backup also made the backup key {file}: keep a copy offline with the keys&apos; passphrase; a restore on another server needs it.</source>
        <comment>console_operations.key_made</comment>
        <translation>Cadangan pertama ini juga membuat kunci cadangan {file}: simpan salinannya di luar server bersama frasa sandi kunci; pemulihan di server lain memerlukannya.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="136"/>
        <source>A backup is being made already; nothing new was started. Wait until it ends, then look at the list below.</source>
        <comment>console_operations.busy</comment>
        <translation>Cadangan lain sedang dibuat; tidak ada yang dimulai lagi. Tunggu sampai selesai, lalu lihat daftar di bawah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="142"/>
        <source>The backup failed and no file was written; the server&apos;s log says why.</source>
        <comment>console_operations.failed</comment>
        <translation>Cadangan gagal dan tidak ada berkas yang ditulis; penyebabnya ada di log server.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="147"/>
        <source>Backups in {folder}, newest first</source>
        <comment>console_operations.list_caption</comment>
        <translation>Cadangan di {folder}, dari yang terbaru</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="150"/>
        <source>No backup in {folder} yet.</source>
        <comment>console_operations.none</comment>
        <translation>Belum ada cadangan di {folder}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="151"/>
        <source>File</source>
        <comment>console_operations.col_name</comment>
        <translation>Berkas</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="152"/>
        <source>Made</source>
        <comment>console_operations.col_made</comment>
        <translation>Dibuat</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="153"/>
        <source>Size</source>
        <comment>console_operations.col_size</comment>
        <translation>Ukuran</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="154"/>
        <source>{size} MB</source>
        <comment>console_operations.size_mb</comment>
        <translation>{size} MB</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="155"/>
        <source>{size} KB</source>
        <comment>console_operations.size_kb</comment>
        <translation>{size} KB</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="158"/>
        <source>Restoring</source>
        <comment>console_operations.restore_heading</comment>
        <translation>Memulihkan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="159"/>
        <source>Restoring stays a command on the server, run by an administrator at its terminal, onto a fresh data center: a new data folder and, with PostgreSQL, a new empty database.</source>
        <comment>console_operations.restore_intro</comment>
        <translation>Pemulihan tetap dilakukan dengan perintah di server, oleh administrator di terminalnya, ke pusat data baru yang masih kosong: folder data baru dan, bila memakai PostgreSQL, basis data baru yang kosong.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="165"/>
        <source>First copy the folder {keys} into the new data folder: a backup made here holds no keys.</source>
        <comment>console_operations.restore_keys</comment>
        <translation>Salin dulu folder {keys} ke folder data yang baru: cadangan yang dibuat di sini tidak memuat kunci.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="170"/>
        <source>Then run (the backup key is this server&apos;s; if this server is gone, the copy kept offline):</source>
        <comment>console_operations.restore_then</comment>
        <translation>Lalu jalankan (kunci cadangan milik server ini; bila server ini sudah tidak ada, pakai salinan yang disimpan di luar server):</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="175"/>
        <source>Console logins are not restored: everyone logs in again.</source>
        <comment>console_operations.restore_sessions</comment>
        <translation>Login konsol tidak ikut dipulihkan: semua orang masuk lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="180"/>
        <source>NEW-DATA-FOLDER</source>
        <comment>console_operations.new_folder</comment>
        <translation>FOLDER-DATA-BARU</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/operations_sentences.py" line="181"/>
        <source>BACKUP-FILE.zip</source>
        <comment>console_operations.backup_file</comment>
        <translation>BERKAS-CADANGAN.zip</translation>
    </message>
</context>
<context>
    <name>console_records</name>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="12"/>
        <source>Records</source>
        <comment>console_records.title</comment>
        <translation>Rekaman</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="13"/>
        <source>The records the laptops have sent, newest first. What a record holds stays sealed: only where, when and how far along it is are shown here.</source>
        <comment>console_records.intro</comment>
        <translation>Rekaman yang dikirim laptop, terbaru di atas. Isi rekaman tetap tersegel: di sini hanya tampak tempat, waktu, dan tahap prosesnya.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="19"/>
        <source>Filter the records</source>
        <comment>console_records.filter_legend</comment>
        <translation>Saring rekaman</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="20"/>
        <source>Received from</source>
        <comment>console_records.date_from</comment>
        <translation>Diterima sejak</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="21"/>
        <source>Received until</source>
        <comment>console_records.date_to</comment>
        <translation>Diterima sampai</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="22"/>
        <source>Desa</source>
        <comment>console_records.desa</comment>
        <translation>Desa</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="23"/>
        <source>Visit</source>
        <comment>console_records.visit</comment>
        <translation>Kunjungan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="24"/>
        <source>State</source>
        <comment>console_records.state</comment>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="25"/>
        <source>all</source>
        <comment>console_records.any</comment>
        <translation>semua</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="26"/>
        <source>unknown</source>
        <comment>console_records.unknown</comment>
        <translation>tidak diketahui</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="27"/>
        <source>Also show training records (demo key)</source>
        <comment>console_records.with_training</comment>
        <translation>Tampilkan juga rekaman latihan (kunci demo)</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="30"/>
        <source>Show</source>
        <comment>console_records.apply</comment>
        <translation>Tampilkan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="31"/>
        <source>Clear the filter</source>
        <comment>console_records.clear</comment>
        <translation>Hapus saringan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="32"/>
        <source>No record matches this filter.</source>
        <comment>console_records.none</comment>
        <translation>Tidak ada rekaman yang cocok dengan saringan ini.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="33"/>
        <source>{count} records; page {page} of {pages}</source>
        <comment>console_records.count</comment>
        <translation>{count} rekaman; halaman {page} dari {pages}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="38"/>
        <source>Records, newest first</source>
        <comment>console_records.caption</comment>
        <translation>Rekaman, terbaru di atas</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="39"/>
        <source>Record</source>
        <comment>console_records.col_record</comment>
        <translation>Rekaman</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="40"/>
        <source>Received</source>
        <comment>console_records.col_received</comment>
        <translation>Diterima</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="41"/>
        <source>Laptop</source>
        <comment>console_records.col_laptop</comment>
        <translation>Laptop</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="42"/>
        <source>Visit</source>
        <comment>console_records.col_visit</comment>
        <translation>Kunjungan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="43"/>
        <source>Desa</source>
        <comment>console_records.col_desa</comment>
        <translation>Desa</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="44"/>
        <source>State</source>
        <comment>console_records.col_state</comment>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="45"/>
        <source>Reason</source>
        <comment>console_records.col_reason</comment>
        <translation>Alasan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="46"/>
        <source>training</source>
        <comment>console_records.training</comment>
        <translation>latihan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="47"/>
        <source>Pages</source>
        <comment>console_records.pages_label</comment>
        <translation>Halaman</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="48"/>
        <source>Previous page</source>
        <comment>console_records.previous</comment>
        <translation>Halaman sebelumnya</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="49"/>
        <source>Next page</source>
        <comment>console_records.next</comment>
        <translation>Halaman berikutnya</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="50"/>
        <source>dd-mm-yyyy</source>
        <comment>console_records.date_placeholder</comment>
        <translation>hh-bb-tttt</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="51"/>
        <source>Write the date as day-month-year, for example 20-11-2026.</source>
        <comment>console_records.date_invalid</comment>
        <translation>Tulis tanggal sebagai hari-bulan-tahun, misalnya 20-11-2026.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="56"/>
        <source>The end date is before the start date.</source>
        <comment>console_records.dates_reversed</comment>
        <translation>Tanggal akhir lebih awal dari tanggal mulai.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="61"/>
        <source>This choice is not in the list; it was left out of the filter.</source>
        <comment>console_records.choice_unknown</comment>
        <translation>Pilihan ini tidak ada dalam daftar; saringan ini tidak dipakai.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="68"/>
        <source>Promise</source>
        <comment>console_records.due</comment>
        <translation>Tenggat janji</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="69"/>
        <source>overdue</source>
        <comment>console_records.due_overdue</comment>
        <translation>terlambat</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="70"/>
        <source>due this week</source>
        <comment>console_records.due_week</comment>
        <translation>jatuh tempo minggu ini</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="71"/>
        <source>Promise date</source>
        <comment>console_records.col_promise</comment>
        <translation>Tanggal janji</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="72"/>
        <source>Recorded on</source>
        <comment>console_records.recorded_on</comment>
        <translation>Tanggal rekam</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="73"/>
        <source>Working days</source>
        <comment>console_records.standing</comment>
        <translation>Hari kerja</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="74"/>
        <source>{day} ({days} working days)</source>
        <comment>console_records.promise_value</comment>
        <translation>{day} ({days} hari kerja)</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="75"/>
        <source>Working day</source>
        <comment>console_records.col_workday</comment>
        <translation>Hari kerja ke-</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="76"/>
        <source>{elapsed} working days gone, {left} left</source>
        <comment>console_records.clock_running</comment>
        <translation>{elapsed} hari kerja berjalan, sisa {left}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="81"/>
        <source>Due today ({elapsed} working days gone)</source>
        <comment>console_records.clock_due_today</comment>
        <translation>Jatuh tempo hari ini ({elapsed} hari kerja berjalan)</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="86"/>
        <source>Overdue: {days} working days past the promise</source>
        <comment>console_records.clock_overdue</comment>
        <translation>Terlambat {days} hari kerja dari janji</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="91"/>
        <source>Card printed</source>
        <comment>console_records.clock_met</comment>
        <translation>KTP-el dicetak</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="92"/>
        <source>Card printed {day}, on time</source>
        <comment>console_records.clock_met_on_time</comment>
        <translation>KTP-el dicetak {day}, tepat waktu</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="93"/>
        <source>Card printed {day}, {days} working days late</source>
        <comment>console_records.clock_met_late</comment>
        <translation>KTP-el dicetak {day}, terlambat {days} hari kerja</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="98"/>
        <source>No card from this recording: the promise does not run</source>
        <comment>console_records.clock_stopped</comment>
        <translation>Tidak ada KTP-el dari rekaman ini: janji tidak berjalan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="103"/>
        <source>The list of days off for {years} is not yet the year&apos;s SKB: this promise date may be too early.</source>
        <comment>console_records.holidays_incomplete</comment>
        <translation>Daftar hari libur {years} belum sesuai SKB tahun itu: tanggal janji ini bisa terlalu awal.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="111"/>
        <source>received</source>
        <comment>console_records.state_RECEIVED</comment>
        <translation>diterima server</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="112"/>
        <source>accepted</source>
        <comment>console_records.state_ACCEPTED</comment>
        <translation>diterima</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="113"/>
        <source>rejected</source>
        <comment>console_records.state_REJECTED</comment>
        <translation>ditolak</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="114"/>
        <source>deduplicated</source>
        <comment>console_records.state_DEDUPLICATED</comment>
        <translation>selesai penunggalan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="115"/>
        <source>card printed</source>
        <comment>console_records.state_PRINTED</comment>
        <translation>KTP-el sudah dicetak</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="116"/>
        <source>ready for handover</source>
        <comment>console_records.state_READY_FOR_HANDOVER</comment>
        <translation>siap diserahkan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="117"/>
        <source>to be recorded again</source>
        <comment>console_records.state_RECAPTURE</comment>
        <translation>perlu rekam ulang</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="118"/>
        <source>possible duplicate: waits for a decision</source>
        <comment>console_records.state_DUPLICATE_RECORD</comment>
        <translation>kemungkinan data ganda: menunggu keputusan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="123"/>
        <source>ready to print</source>
        <comment>console_records.state_PRINT_READY_RECORD</comment>
        <translation>siap cetak</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="124"/>
        <source>images cannot be searched: to be recorded again</source>
        <comment>console_records.state_ENROLL_FAILURE</comment>
        <translation>citra tidak dapat dicari: perlu rekam ulang</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="129"/>
        <source>closed: a second recording</source>
        <comment>console_records.state_DUPLICATE_CLOSED</comment>
        <translation>ditutup: rekaman ganda</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="130"/>
        <source>none</source>
        <comment>console_records.reason_none</comment>
        <translation>tidak ada</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="131"/>
        <source>could not be opened with the data center&apos;s key</source>
        <comment>console_records.reason_decrypt_failed</comment>
        <translation>tidak dapat dibuka dengan kunci pusat data</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="136"/>
        <source>its contents were not valid</source>
        <comment>console_records.reason_payload_invalid</comment>
        <translation>isinya tidak sah</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="139"/>
        <source>the office asked to record the person again</source>
        <comment>console_records.reason_recapture_requested</comment>
        <translation>kantor meminta perekaman ulang</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="144"/>
        <source>the search found a record alike to an earlier one</source>
        <comment>console_records.reason_duplicate_candidates</comment>
        <translation>penunggalan menemukan rekaman yang mirip dengan rekaman sebelumnya</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="149"/>
        <source>an image is the same file as another record&apos;s</source>
        <comment>console_records.reason_replayed_images</comment>
        <translation>ada gambar yang sama persis dengan gambar rekaman lain</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="154"/>
        <source>its images could not be searched</source>
        <comment>console_records.reason_images_unsearchable</comment>
        <translation>citranya tidak dapat dicari</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="159"/>
        <source>decided by an administrator</source>
        <comment>console_records.reason_adjudicated</comment>
        <translation>diputuskan oleh administrator</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="160"/>
        <source>another reason</source>
        <comment>console_records.reason_other</comment>
        <translation>alasan lain</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="163"/>
        <source>Record {record}</source>
        <comment>console_records.record_title</comment>
        <translation>Rekaman {record}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="164"/>
        <source>Record</source>
        <comment>console_records.record_heading</comment>
        <translation>Rincian rekaman</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="165"/>
        <source>Record id</source>
        <comment>console_records.record_id</comment>
        <translation>ID rekaman</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="166"/>
        <source>Kecamatan</source>
        <comment>console_records.kecamatan</comment>
        <translation>Kecamatan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="167"/>
        <source>A training record, sealed to the demo key.</source>
        <comment>console_records.training_note</comment>
        <translation>Rekaman latihan, disegel dengan kunci demo.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="172"/>
        <source>History</source>
        <comment>console_records.history</comment>
        <translation>Riwayat</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="173"/>
        <source>The record&apos;s states, oldest first</source>
        <comment>console_records.history_caption</comment>
        <translation>Status rekaman, dari yang terlama</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="174"/>
        <source>When</source>
        <comment>console_records.col_when</comment>
        <translation>Waktu</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="175"/>
        <source>Office&apos;s words</source>
        <comment>console_records.col_words</comment>
        <translation>Catatan kantor</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="176"/>
        <source>Back to the records</source>
        <comment>console_records.back</comment>
        <translation>Kembali ke daftar rekaman</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="177"/>
        <source>Ask for a recapture</source>
        <comment>console_records.recapture_title</comment>
        <translation>Minta rekam ulang</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="178"/>
        <source>The team will see this request and its reason on the laptop&apos;s revisit list at its next sync, and will record the person again.</source>
        <comment>console_records.recapture_help</comment>
        <translation>Tim akan melihat permintaan ini beserta alasannya di daftar kunjungan ulang laptop pada sinkronisasi berikutnya, lalu merekam ulang orang tersebut.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="184"/>
        <source>Reason for the recapture</source>
        <comment>console_records.recapture_reason</comment>
        <translation>Alasan rekam ulang</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="185"/>
        <source>At most {max} characters. The team reads it: do not write the person&apos;s NIK.</source>
        <comment>console_records.recapture_reason_help</comment>
        <translation>Paling banyak {max} karakter. Tim akan membacanya: jangan tulis NIK orang tersebut.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="190"/>
        <source>Ask for a recapture</source>
        <comment>console_records.recapture_button</comment>
        <translation>Minta rekam ulang</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="191"/>
        <source>The recapture was asked for. The laptop receives it at its next sync.</source>
        <comment>console_records.recapture_done</comment>
        <translation>Rekam ulang sudah diminta. Laptop menerimanya pada sinkronisasi berikutnya.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="196"/>
        <source>Write why the person must be recorded again.</source>
        <comment>console_records.recapture_reason_missing</comment>
        <translation>Tulis alasan orang ini harus direkam ulang.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="201"/>
        <source>The reason may be at most {max} characters long; this one has {length}.</source>
        <comment>console_records.recapture_reason_long</comment>
        <translation>Alasan paling banyak {max} karakter; yang ini {length} karakter.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="206"/>
        <source>This record was rejected: there is nothing to record again. Nothing was changed.</source>
        <comment>console_records.refused_rejected</comment>
        <translation>Rekaman ini ditolak: tidak ada yang bisa direkam ulang. Tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="211"/>
        <source>This record was closed as a duplicate; the older record stands. Nothing was changed.</source>
        <comment>console_records.refused_closed_duplicate</comment>
        <translation>Data ini sudah ditutup sebagai data ganda; data yang lebih lama tetap berlaku. Tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="216"/>
        <source>This record changed meanwhile (a search or another operator). Nothing was changed: look at it again.</source>
        <comment>console_records.refused_changed</comment>
        <translation>Data ini berubah sementara itu (oleh pencarian atau operator lain). Tidak ada yang diubah: periksa lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="222"/>
        <source>This is a training record (demo key): no recapture is asked for it. Nothing was changed.</source>
        <comment>console_records.refused_training</comment>
        <translation>Ini rekaman latihan (kunci demo): rekam ulang tidak diminta untuknya. Tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="227"/>
        <source>A recapture of this record has already been asked for. Nothing was changed.</source>
        <comment>console_records.refused_already</comment>
        <translation>Rekam ulang rekaman ini sudah diminta. Tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="232"/>
        <source>The data center refused this change. Nothing was changed.</source>
        <comment>console_records.refused_other</comment>
        <translation>Pusat data menolak perubahan ini. Tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="237"/>
        <source>This record was rejected: there is nothing to record again.</source>
        <comment>console_records.note_rejected</comment>
        <translation>Rekaman ini ditolak: tidak ada yang bisa direkam ulang.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="242"/>
        <source>This record was closed as a duplicate; the older record stands.</source>
        <comment>console_records.note_closed_duplicate</comment>
        <translation>Data ini sudah ditutup sebagai data ganda; data yang lebih lama tetap berlaku.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="247"/>
        <source>This is a training record (demo key): no recapture is asked for it.</source>
        <comment>console_records.note_training</comment>
        <translation>Ini rekaman latihan (kunci demo): rekam ulang tidak diminta untuknya.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="252"/>
        <source>A recapture of this record has been asked for; the laptop receives it at its next sync.</source>
        <comment>console_records.note_already</comment>
        <translation>Rekam ulang rekaman ini sudah diminta; laptop menerimanya pada sinkronisasi berikutnya.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="257"/>
        <source>Record not found</source>
        <comment>console_records.missing_title</comment>
        <translation>Rekaman tidak ditemukan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="258"/>
        <source>The data center holds no such record. It may have been typed wrong.</source>
        <comment>console_records.missing</comment>
        <translation>Pusat data tidak menyimpan rekaman ini. Mungkin alamatnya salah ketik.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="265"/>
        <source>Records waiting for a duplicate decision</source>
        <comment>console_records.dup_link</comment>
        <translation>Rekaman yang menunggu keputusan data ganda</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="266"/>
        <source>Duplicates waiting for a decision</source>
        <comment>console_records.dup_waiting_tile</comment>
        <translation>Data ganda menunggu keputusan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="269"/>
        <source>Possible duplicates</source>
        <comment>console_records.dup_title</comment>
        <translation>Data ganda</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="270"/>
        <source>The search found these records alike to an earlier one. An administrator compares each with its candidate and decides.</source>
        <comment>console_records.dup_intro</comment>
        <translation>Penunggalan menemukan rekaman ini mirip dengan rekaman sebelumnya. Administrator membandingkan masing-masing dengan calonnya lalu memutuskan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="276"/>
        <source>Only an administrator opens a pair and decides.</source>
        <comment>console_records.dup_admins_only</comment>
        <translation>Hanya administrator yang dapat membuka pasangan dan memutuskan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="281"/>
        <source>No record is waiting for a decision.</source>
        <comment>console_records.dup_none</comment>
        <translation>Tidak ada rekaman yang menunggu keputusan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="282"/>
        <source>{count} records waiting</source>
        <comment>console_records.dup_count</comment>
        <translation>{count} rekaman menunggu</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="283"/>
        <source>Records waiting for a decision, newest first</source>
        <comment>console_records.dup_caption</comment>
        <translation>Rekaman yang menunggu keputusan, terbaru di atas</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="286"/>
        <source>Best candidate</source>
        <comment>console_records.dup_col_best</comment>
        <translation>Calon terkuat</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="287"/>
        <source>Score</source>
        <comment>console_records.dup_col_score</comment>
        <translation>Skor</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="288"/>
        <source>Action</source>
        <comment>console_records.dup_col_action</comment>
        <translation>Tindakan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="289"/>
        <source>and {count} more</source>
        <comment>console_records.dup_more</comment>
        <translation>dan {count} lainnya</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="290"/>
        <source>Compare</source>
        <comment>console_records.dup_open</comment>
        <translation>Bandingkan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="291"/>
        <source>The decision on record {record} was saved.</source>
        <comment>console_records.dup_decided</comment>
        <translation>Keputusan atas rekaman {record} telah disimpan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="296"/>
        <source>Compare a pair</source>
        <comment>console_records.dup_pair_title</comment>
        <translation>Bandingkan pasangan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="297"/>
        <source>Record {record} and candidate {other}</source>
        <comment>console_records.dup_pair_heading</comment>
        <translation>Rekaman {record} dan calon {other}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="300"/>
        <source>The images come from the sealed records and are not kept. Looking at a pair is written to the audit.</source>
        <comment>console_records.dup_pair_intro</comment>
        <translation>Gambar diambil dari rekaman tersegel dan tidak disimpan. Setiap kali pasangan dibuka, hal itu dicatat di audit.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="306"/>
        <source>Back to the possible duplicates</source>
        <comment>console_records.dup_back</comment>
        <translation>Kembali ke data ganda</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="307"/>
        <source>This record</source>
        <comment>console_records.dup_this</comment>
        <translation>Rekaman ini</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="308"/>
        <source>Candidate</source>
        <comment>console_records.dup_candidate</comment>
        <translation>Calon</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="309"/>
        <source>Face photo of record {record}</source>
        <comment>console_records.dup_face_alt</comment>
        <translation>Foto wajah rekaman {record}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="310"/>
        <source>No face photo.</source>
        <comment>console_records.dup_no_face</comment>
        <translation>Tidak ada foto wajah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="311"/>
        <source>Recorded</source>
        <comment>console_records.dup_recorded</comment>
        <translation>Direkam</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="312"/>
        <source>Officer</source>
        <comment>console_records.dup_officer</comment>
        <translation>Petugas</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="313"/>
        <source>What matched</source>
        <comment>console_records.dup_matches</comment>
        <translation>Yang cocok</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="314"/>
        <source>score {score}</source>
        <comment>console_records.dup_score</comment>
        <translation>skor {score}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="315"/>
        <source>Face</source>
        <comment>console_records.dup_part_face</comment>
        <translation>Wajah</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="316"/>
        <source>The same image sent again</source>
        <comment>console_records.dup_part_replay</comment>
        <translation>Gambar yang sama dikirim lagi</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="317"/>
        <source>The ABIS&apos;s score (it names no finger)</source>
        <comment>console_records.dup_part_abis</comment>
        <translation>Skor ABIS (tanpa nomor jari)</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="322"/>
        <source>Fingerprint of record {record}</source>
        <comment>console_records.dup_finger_alt</comment>
        <translation>Sidik jari rekaman {record}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="323"/>
        <source>No image.</source>
        <comment>console_records.dup_no_image</comment>
        <translation>Tidak ada gambar.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="324"/>
        <source>Other candidates:</source>
        <comment>console_records.dup_others</comment>
        <translation>Calon lain:</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="325"/>
        <source>Right thumb</source>
        <comment>console_records.dup_finger_1</comment>
        <translation>Ibu jari kanan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="326"/>
        <source>Right index finger</source>
        <comment>console_records.dup_finger_2</comment>
        <translation>Telunjuk kanan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="327"/>
        <source>Right middle finger</source>
        <comment>console_records.dup_finger_3</comment>
        <translation>Jari tengah kanan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="328"/>
        <source>Right ring finger</source>
        <comment>console_records.dup_finger_4</comment>
        <translation>Jari manis kanan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="329"/>
        <source>Right little finger</source>
        <comment>console_records.dup_finger_5</comment>
        <translation>Kelingking kanan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="330"/>
        <source>Left thumb</source>
        <comment>console_records.dup_finger_6</comment>
        <translation>Ibu jari kiri</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="331"/>
        <source>Left index finger</source>
        <comment>console_records.dup_finger_7</comment>
        <translation>Telunjuk kiri</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="332"/>
        <source>Left middle finger</source>
        <comment>console_records.dup_finger_8</comment>
        <translation>Jari tengah kiri</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="333"/>
        <source>Left ring finger</source>
        <comment>console_records.dup_finger_9</comment>
        <translation>Jari manis kiri</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="334"/>
        <source>Left little finger</source>
        <comment>console_records.dup_finger_10</comment>
        <translation>Kelingking kiri</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="335"/>
        <source>Decision</source>
        <comment>console_records.dup_decision_title</comment>
        <translation>Keputusan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="336"/>
        <source>This record is no longer waiting for a decision.</source>
        <comment>console_records.dup_not_waiting</comment>
        <translation>Rekaman ini tidak lagi menunggu keputusan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="341"/>
        <source>Is this the same person?</source>
        <comment>console_records.dup_decision_legend</comment>
        <translation>Apakah ini orang yang sama?</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="342"/>
        <source>Not a duplicate</source>
        <comment>console_records.dup_not_duplicate</comment>
        <translation>Bukan data ganda</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="343"/>
        <source>A duplicate of record {other}</source>
        <comment>console_records.dup_duplicate</comment>
        <translation>Data ganda dari rekaman {other}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="344"/>
        <source>Reason for the decision</source>
        <comment>console_records.dup_reason</comment>
        <translation>Alasan keputusan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="345"/>
        <source>At least {min} and at most {max} characters. It is kept in the audit; for a duplicate the team reads it on the laptop: do not write the person&apos;s NIK.</source>
        <comment>console_records.dup_reason_help</comment>
        <translation>Paling sedikit {min} dan paling banyak {max} karakter. Alasan disimpan di audit; untuk data ganda, tim membacanya di laptop: jangan tulis NIK orang tersebut.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="351"/>
        <source>Save the decision</source>
        <comment>console_records.dup_submit</comment>
        <translation>Simpan keputusan</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="352"/>
        <source>Write the reason in at least {min} characters.</source>
        <comment>console_records.dup_reason_short</comment>
        <translation>Tulis alasan paling sedikit {min} karakter.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="357"/>
        <source>Choose one of the two decisions.</source>
        <comment>console_records.dup_decision_missing</comment>
        <translation>Pilih salah satu dari dua keputusan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="362"/>
        <source>This record has already been decided (perhaps by another administrator just now). Nothing was changed.</source>
        <comment>console_records.dup_refused_decided</comment>
        <translation>Rekaman ini sudah diputuskan (mungkin oleh administrator lain baru saja). Tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="368"/>
        <source>That record is not one of this record&apos;s candidates. Nothing was changed.</source>
        <comment>console_records.dup_refused_not_candidate</comment>
        <translation>Rekaman itu bukan salah satu calon rekaman ini. Tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="373"/>
        <source>The candidate is newer and would be closed, but its card may already be printed. Settle it at the office first. Nothing was changed.</source>
        <comment>console_records.dup_refused_not_closable</comment>
        <translation>Calon ini lebih baru dan akan ditutup, tetapi kartunya mungkin sudah dicetak. Selesaikan dulu di kantor. Tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/records_sentences.py" line="379"/>
        <source>The data center refused this decision. Nothing was changed.</source>
        <comment>console_records.dup_refused_other</comment>
        <translation>Pusat data menolak keputusan ini. Tidak ada yang diubah.</translation>
    </message>
</context>
<context>
    <name>dedup</name>
    <message>
        <location filename="../../sync/server/dedup/sentences.py" line="14"/>
        <source>The office cannot search this person&apos;s record: too few fingerprints could be read and the face photo shows no clear face. Record the fingers and face again.</source>
        <comment>dedup.images_unsearchable</comment>
        <translation>Kantor tidak dapat mencari rekaman orang ini: terlalu sedikit sidik jari yang terbaca dan foto wajah tidak menunjukkan wajah dengan jelas. Rekam ulang sidik jari dan wajahnya.</translation>
    </message>
</context>
<context>
    <name>devices</name>
    <message numerus="yes">
        <location filename="../../fieldkit/devices_sentences.py" line="77"/>
        <source>Wrong PIN. %n more wrong PIN(s) and the card blocks itself.</source>
        <comment>device_wrong_pin</comment>
        <translation>
            <numerusform>PIN salah. %Ln kali lagi PIN salah dan kartu akan terblokir.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="89"/>
        <source>The face camera</source>
        <comment>modality_face</comment>
        <translation>Kamera wajah</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="90"/>
        <source>The fingerprint scanner</source>
        <comment>modality_fingerprint</comment>
        <translation>Pemindai sidik jari</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="91"/>
        <source>The iris camera</source>
        <comment>modality_iris</comment>
        <translation>Kamera iris</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="92"/>
        <source>The signature pad</source>
        <comment>modality_signature</comment>
        <translation>Bantalan tanda tangan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="93"/>
        <source>The card reader</source>
        <comment>modality_card</comment>
        <translation>Pembaca kartu</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="94"/>
        <source>The device</source>
        <comment>modality_unknown</comment>
        <translation>Perangkat</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="95"/>
        <source>This card is blocked after three wrong PINs. Log in with your password and ask the admin of your office for a new card.</source>
        <comment>device_pin_blocked</comment>
        <translation>Kartu ini terblokir setelah tiga kali PIN salah. Masuk dengan kata sandi dan minta kartu baru ke admin kantor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="101"/>
        <source>The device is not connected. Check its cable, then try again.</source>
        <comment>device_not_found</comment>
        <translation>Perangkat tidak terhubung. Periksa kabelnya, lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="106"/>
        <source>No card on the reader. Put the staff card on it and try again.</source>
        <comment>device_no_card</comment>
        <translation>Tidak ada kartu di pembaca. Letakkan kartu petugas lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="111"/>
        <source>This card cannot log in: it is not a FieldKit staff card with a PIN.</source>
        <comment>device_function_not_supported</comment>
        <translation>Kartu ini tidak bisa dipakai masuk: bukan kartu petugas FieldKit ber-PIN.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="116"/>
        <source>{device} is unplugged. Plug it in again, wait for its light, retry.</source>
        <comment>device_unplugged</comment>
        <translation>{device} terlepas. Colokkan kembali, tunggu lampunya menyala, lalu ulangi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="121"/>
        <source>{device} is not ready yet. Wait a moment, then retry.</source>
        <comment>device_not_open</comment>
        <translation>{device} belum siap. Tunggu sebentar, lalu ulangi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="122"/>
        <source>{device} is not ready yet. Wait a moment, then retry.</source>
        <comment>device_not_ready</comment>
        <translation>{device} belum siap. Tunggu sebentar, lalu ulangi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="123"/>
        <source>{device} is busy with another task. Wait a moment, then retry.</source>
        <comment>device_busy</comment>
        <translation>{device} sedang sibuk. Tunggu sebentar, lalu ulangi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="128"/>
        <source>{device} stopped answering (its device service ended). Restart it, then retry.</source>
        <comment>device_service_stopped</comment>
        <translation>{device} berhenti menjawab (layanan perangkatnya berhenti). Jalankan ulang layanan itu, lalu ulangi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="133"/>
        <source>{device} has no device service running. Start it, then retry.</source>
        <comment>device_no_service</comment>
        <translation>{device} tidak punya layanan perangkat yang berjalan. Periksa kabel dan jalankan layanannya, lalu ulangi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="138"/>
        <source>{device} may not be used by this account of the laptop. Ask the operator.</source>
        <comment>device_permission_denied</comment>
        <translation>{device} tidak boleh dipakai oleh akun laptop ini. Tanyakan kepada operator.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="143"/>
        <source>{device} did not answer in time. Unplug it, plug it in again, then retry.</source>
        <comment>device_no_response</comment>
        <translation>{device} tidak menjawab tepat waktu. Cabut, colokkan kembali, lalu ulangi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="148"/>
        <source>{device} sends no picture. Unplug it, plug it in again, then retry.</source>
        <comment>device_no_frames</comment>
        <translation>{device} tidak mengirim gambar. Cabut, colokkan kembali, lalu ulangi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="153"/>
        <source>{device} saw no finger. Place the finger flat on it, then retry.</source>
        <comment>device_no_finger</comment>
        <translation>{device} tidak mendeteksi jari. Letakkan jari rata di atasnya, lalu ulangi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="158"/>
        <source>{device} saw nobody in front of it. Guide the person into place, then retry.</source>
        <comment>device_no_subject</comment>
        <translation>{device} tidak melihat siapa pun. Arahkan orangnya ke posisi, lalu ulangi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="163"/>
        <source>{device} got no signature. Ask the person to sign on the pad, retry.</source>
        <comment>device_no_pen</comment>
        <translation>{device} tidak menerima tanda tangan. Minta orangnya menandatangani di bantalan, lalu ulangi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="168"/>
        <source>{device} capture was cancelled.</source>
        <comment>device_requested</comment>
        <translation>{device} perekamannya dibatalkan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="169"/>
        <source>{device} sent something unreadable. Unplug it, plug it in again, retry.</source>
        <comment>device_checksum</comment>
        <translation>{device} mengirim data yang tidak terbaca. Cabut, colokkan kembali, lalu ulangi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="174"/>
        <source>{device} sent something unreadable. Unplug it, plug it in again, retry.</source>
        <comment>device_truncated</comment>
        <translation>{device} mengirim data yang tidak terbaca. Cabut, colokkan kembali, lalu ulangi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="179"/>
        <source>{device} sent something unreadable. Unplug it, plug it in again, retry.</source>
        <comment>device_garbage</comment>
        <translation>{device} mengirim data yang tidak terbaca. Cabut, colokkan kembali, lalu ulangi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="184"/>
        <source>{device} sent something unreadable. Unplug it, plug it in again, retry.</source>
        <comment>device_unexpected_packet</comment>
        <translation>{device} mengirim data yang tidak terbaca. Cabut, colokkan kembali, lalu ulangi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="189"/>
        <source>{device} sent something unreadable. Unplug it, plug it in again, retry.</source>
        <comment>device_bad_length</comment>
        <translation>{device} mengirim data yang tidak terbaca. Cabut, colokkan kembali, lalu ulangi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="194"/>
        <source>{device} sent something unreadable. Unplug it, plug it in again, retry.</source>
        <comment>device_bad_reply</comment>
        <translation>{device} mengirim data yang tidak terbaca. Cabut, colokkan kembali, lalu ulangi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="199"/>
        <source>{device} sent something unreadable. Unplug it, plug it in again, retry.</source>
        <comment>device_bad_frame</comment>
        <translation>{device} mengirim data yang tidak terbaca. Cabut, colokkan kembali, lalu ulangi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="204"/>
        <source>{device} sent something unreadable. Unplug it, plug it in again, retry.</source>
        <comment>device_communication</comment>
        <translation>{device} mengirim data yang tidak terbaca. Cabut, colokkan kembali, lalu ulangi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="209"/>
        <source>{device} sent something unreadable. Unplug it, plug it in again, retry.</source>
        <comment>device_device_error</comment>
        <translation>{device} mengirim data yang tidak terbaca. Cabut, colokkan kembali, lalu ulangi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="214"/>
        <source>{device} reported a problem ({reason}). The details are in the log file.</source>
        <comment>device_failed</comment>
        <translation>{device} melaporkan masalah ({reason}). Rinciannya ada di berkas log.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="57"/>
        <source>No password given: set {env} or run in a terminal to be asked.</source>
        <comment>auth_no_password.hint</comment>
        <translation>Tidak ada kata sandi: isi {env} atau jalankan di terminal agar ditanya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="62"/>
        <source>Check the cable and that the device is switched on, then try again.</source>
        <comment>device_unplugged.hint</comment>
        <translation>Periksa kabel dan pastikan perangkat menyala, lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="67"/>
        <source>Check the cable and that the device is switched on, then try again.</source>
        <comment>device_not_found.hint</comment>
        <translation>Periksa kabel dan pastikan perangkat menyala, lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="72"/>
        <source>The device did not answer in time; unplug it, plug it in again, retry.</source>
        <comment>device_no_response.hint</comment>
        <translation>Perangkat tidak menjawab tepat waktu; cabut, colokkan lagi, lalu ulangi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="13"/>
        <source>ready</source>
        <comment>status.ready</comment>
        <translation>siap</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="14"/>
        <source>not open yet</source>
        <comment>status.not_open</comment>
        <translation>belum dibuka</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="15"/>
        <source>not checked yet</source>
        <comment>status.not_checked</comment>
        <translation>belum diperiksa</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="16"/>
        <source>not watched yet</source>
        <comment>status.not_watched</comment>
        <translation>belum dipantau</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="17"/>
        <source>capturing</source>
        <comment>status.capturing</comment>
        <translation>sedang merekam</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="18"/>
        <source>no card on the reader</source>
        <comment>status.no_card</comment>
        <translation>tidak ada kartu di pembaca</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="19"/>
        <source>card on the reader</source>
        <comment>status.card_present</comment>
        <translation>kartu ada di pembaca</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="20"/>
        <source>the card does not answer; put it on the reader again</source>
        <comment>status.card_mute</comment>
        <translation>kartu tidak menjawab; letakkan lagi di pembaca</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="21"/>
        <source>another program is using the card</source>
        <comment>status.card_exclusive</comment>
        <translation>kartu sedang dipakai program lain</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="22"/>
        <source>the card reader was unplugged</source>
        <comment>status.reader_removed</comment>
        <translation>pembaca kartu dicabut</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="23"/>
        <source>reading the card</source>
        <comment>status.exchanging</comment>
        <translation>sedang membaca kartu</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="24"/>
        <source>the smart-card service (pcscd) is not running</source>
        <comment>status.pcscd_not_running</comment>
        <translation>layanan kartu pintar (pcscd) tidak berjalan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="29"/>
        <source>not connected</source>
        <comment>status.not_found</comment>
        <translation>tidak tersambung</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="30"/>
        <source>no simulator for this device</source>
        <comment>status.no_simulator</comment>
        <translation>tidak ada simulator untuk perangkat ini</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="31"/>
        <source>the scanner does not answer</source>
        <comment>status.scanner_silent</comment>
        <translation>pemindai tidak menjawab</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="32"/>
        <source>the device service does not answer</source>
        <comment>status.service_silent</comment>
        <translation>layanan perangkat tidak menjawab</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="33"/>
        <source>the device service is busy</source>
        <comment>status.service_busy</comment>
        <translation>layanan perangkat sedang sibuk</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="34"/>
        <source>the device service reports: {detail}</source>
        <comment>status.service_reports</comment>
        <translation>layanan perangkat melaporkan: {detail}</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="35"/>
        <source>the device service no longer lists it</source>
        <comment>status.not_listed</comment>
        <translation>layanan perangkat tidak lagi mencantumkannya</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="36"/>
        <source>the device is not registered with MOSIP</source>
        <comment>status.not_registered</comment>
        <translation>perangkat belum terdaftar di MOSIP</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="37"/>
        <source>no picture from the camera</source>
        <comment>status.no_frames</comment>
        <translation>tidak ada gambar dari kamera</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="38"/>
        <source>did not answer within {detail} s</source>
        <comment>status.did_not_answer</comment>
        <translation>tidak menjawab dalam {detail} detik</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="39"/>
        <source>the system refused it: {detail}</source>
        <comment>status.system_error</comment>
        <translation>ditolak sistem: {detail}</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="40"/>
        <source>device fault ({error})</source>
        <comment>status.failed</comment>
        <translation>gangguan perangkat ({error})</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="41"/>
        <source>not connected</source>
        <comment>status.failed.not_found</comment>
        <translation>tidak tersambung</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="42"/>
        <source>unplugged</source>
        <comment>status.failed.unplugged</comment>
        <translation>tercabut</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="43"/>
        <source>not ready yet</source>
        <comment>status.failed.not_ready</comment>
        <translation>belum siap</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="44"/>
        <source>not open yet</source>
        <comment>status.failed.not_open</comment>
        <translation>belum dibuka</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="45"/>
        <source>busy with another task</source>
        <comment>status.failed.busy</comment>
        <translation>sedang dipakai tugas lain</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="46"/>
        <source>this user account may not open it (permission)</source>
        <comment>status.failed.permission_denied</comment>
        <translation>akun pengguna ini tidak boleh membukanya (izin)</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="51"/>
        <source>its service is not running</source>
        <comment>status.failed.no_service</comment>
        <translation>layanannya tidak berjalan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="52"/>
        <source>its service stopped</source>
        <comment>status.failed.service_stopped</comment>
        <translation>layanannya berhenti</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="53"/>
        <source>the card reader was unplugged</source>
        <comment>status.failed.reader_removed</comment>
        <translation>pembaca kartu dicabut</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="54"/>
        <source>does not answer</source>
        <comment>status.failed.no_response</comment>
        <translation>tidak menjawab</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="55"/>
        <source>no picture from the camera</source>
        <comment>status.failed.no_frames</comment>
        <translation>tidak ada gambar dari kamera</translation>
    </message>
    <message>
        <location filename="../../fieldkit/devices_sentences.py" line="56"/>
        <source>status unknown</source>
        <comment>status.unknown</comment>
        <translation>status tidak diketahui</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="18"/>
        <source>There is no {kind} backend named {backend} (known: {known}).</source>
        <comment>backend_unknown</comment>
        <translation>Tidak ada modul {kind} bernama {backend} (yang dikenal: {known}).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="13"/>
        <source>The device returned {got} image(s) for {slot}, {expected} were expected; capture again.</source>
        <comment>capture_image_count</comment>
        <translation>Perangkat mengirim {got} gambar untuk {slot}, seharusnya {expected}; rekam ulang.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="18"/>
        <source>The device returned no image for {slot}; capture again.</source>
        <comment>capture_no_image</comment>
        <translation>Perangkat tidak mengirim gambar untuk {slot}; rekam ulang.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="19"/>
        <source>The capture for {slot} was not good enough, so nothing was recorded; hold still.</source>
        <comment>capture_still_not_good</comment>
        <translation>Hasil rekam {slot} kurang baik, jadi tidak ada yang disimpan; tahan diam.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="24"/>
        <source>The steady spell before an automatic capture must be between {low} and {high} seconds.</source>
        <comment>autocapture_steady_range</comment>
        <translation>Waktu diam sebelum rekam otomatis harus antara {low} dan {high} detik.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="29"/>
        <source>The slap could not be split into {fingers} fingers; place the hand flat, fingers apart, and retry.</source>
        <comment>capture_slap_not_split</comment>
        <translation>Telapak empat jari tidak dapat dipisah menjadi {fingers} jari; letakkan tangan rata dengan jari merenggang, lalu ulangi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="35"/>
        <source>Keeping a capture below the threshold needs a reason code and words.</source>
        <comment>capture_force_reason_required</comment>
        <translation>Menyimpan hasil di bawah ambang perlu kode alasan dan keterangannya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="40"/>
        <source>Say why the person cannot sign (e.g. tremor, cannot write).</source>
        <comment>signature_reason_required</comment>
        <translation>Tuliskan mengapa orang ini tidak dapat bertanda tangan (mis. tremor, tidak dapat menulis).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="45"/>
        <source>{part} is not a finger or eye; use finger:1 .. finger:10, eye:right or eye:left.</source>
        <comment>exception_part_unknown</comment>
        <translation>{part} bukan jari atau mata; gunakan finger:1 .. finger:10, eye:right atau eye:left.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="50"/>
        <source>The reason &apos;other&apos; needs a description.</source>
        <comment>exception_other_needs_description</comment>
        <translation>Alasan &apos;lainnya&apos; perlu keterangan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="51"/>
        <source>Discarding captures needs a reason (e.g. consent withdrawn).</source>
        <comment>discard_reason_required</comment>
        <translation>Membuang hasil rekam perlu alasan (mis. persetujuan ditarik).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="56"/>
        <source>There is no target {target} on visit {visit}.</source>
        <comment>target_not_on_visit</comment>
        <translation>Sasaran {target} tidak ada di kunjungan {visit}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="57"/>
        <source>The draft&apos;s person is missing from its visit.</source>
        <comment>draft_person_missing</comment>
        <translation>Data orang pada draf ini tidak ada lagi di kunjungannya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="58"/>
        <source>The freeze limit must be at least one day.</source>
        <comment>freeze_days_too_small</comment>
        <translation>Batas penghentian perekaman paling sedikit satu hari.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="59"/>
        <source>The waiting-records limit must be at least 1.</source>
        <comment>freeze_waiting_too_small</comment>
        <translation>Batas rekaman yang menunggu paling sedikit 1.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="60"/>
        <source>{field} {value} must be a number of at most 3 digits, e.g. 004.</source>
        <comment>rt_rw_invalid</comment>
        <translation>{field} {value} harus berupa angka paling banyak 3 digit, mis. 004.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="65"/>
        <source>Sex {value} must be L (laki-laki) or P (perempuan).</source>
        <comment>sex_invalid</comment>
        <translation>Jenis kelamin {value} harus L (laki-laki) atau P (perempuan).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="66"/>
        <source>The NIK is not valid: {problems}. Check the number on the KK; a NIK has 16 digits.</source>
        <comment>invalid_nik</comment>
        <translation>NIK tidak valid: {problems}. Periksa nomornya di KK; NIK terdiri dari 16 angka.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="71"/>
        <source>The KK number is not valid: {problems}.</source>
        <comment>invalid_kk</comment>
        <translation>Nomor KK tidak valid: {problems}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="72"/>
        <source>The person&apos;s name is required.</source>
        <comment>name_required</comment>
        <translation>Nama orang wajib diisi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="73"/>
        <source>The name is longer than {max} characters.</source>
        <comment>name_too_long</comment>
        <translation>Nama lebih dari {max} karakter.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="74"/>
        <source>Say which disability (e.g. tunanetra, tunadaksa, tunarungu) for the disabilitas category.</source>
        <comment>disability_kind_required</comment>
        <translation>Sebutkan jenis disabilitasnya (mis. tunanetra, tunadaksa, tunarungu) untuk kategori disabilitas.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="79"/>
        <source>Describe the &apos;other&apos; category in a few words.</source>
        <comment>other_category_needs_description</comment>
        <translation>Jelaskan kategori &apos;lainnya&apos; dalam beberapa kata.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="84"/>
        <source>The birth date is in the future.</source>
        <comment>birth_date_in_future</comment>
        <translation>Tanggal lahir ada di masa depan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="85"/>
        <source>Pick a person from the visit&apos;s list, or enter one met on the spot.</source>
        <comment>person_required</comment>
        <translation>Pilih orang dari daftar kunjungan, atau masukkan orang yang ditemui di tempat.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="90"/>
        <source>Consent by a guardian or companion needs their name and their relation to the person (e.g. anak, istri, perawat panti).</source>
        <comment>consent_giver_details_required</comment>
        <translation>Persetujuan oleh wali atau pendamping perlu nama dan hubungannya dengan orang tersebut (mis. anak, istri, perawat panti).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="96"/>
        <source>The guardian&apos;s NIK is not valid; leave it empty if it is not known.</source>
        <comment>guardian_nik_invalid</comment>
        <translation>NIK wali tidak valid; kosongkan jika tidak diketahui.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="101"/>
        <source>The chosen file is not a readable image (JPEG or PNG).</source>
        <comment>image_not_readable</comment>
        <translation>Berkas yang dipilih bukan gambar yang dapat dibaca (JPEG atau PNG).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="102"/>
        <source>&apos;Recorded&apos; is set by finishing (sealing) the person&apos;s record.</source>
        <comment>outcome_recorded_by_sealing</comment>
        <translation>Hasil &apos;terekam&apos; diisi otomatis saat rekaman orang ini disegel.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="107"/>
        <source>&apos;Cannot be recorded&apos; needs a reason (e.g. in intensive care, cannot be moved).</source>
        <comment>outcome_unable_needs_reason</comment>
        <translation>&apos;Tidak dapat direkam&apos; perlu alasan (mis. di ICU, tidak dapat dipindahkan).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="112"/>
        <source>GPS {lat},{lon} is outside Indonesia; check the order (lat,lon) and the minus sign of the latitude (south of the equator is negative).</source>
        <comment>gps_outside_indonesia</comment>
        <translation>GPS {lat},{lon} di luar Indonesia; periksa urutannya (lintang,bujur) dan tanda minus lintang (selatan khatulistiwa bernilai negatif).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="118"/>
        <source>GPS source must be &apos;manual&apos; or &apos;device&apos;.</source>
        <comment>gps_source_invalid</comment>
        <translation>Sumber GPS harus &apos;manual&apos; atau &apos;device&apos;.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="119"/>
        <source>GPS accuracy cannot be negative.</source>
        <comment>gps_accuracy_negative</comment>
        <translation>Akurasi GPS tidak boleh negatif.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="120"/>
        <source>Desa code {code} must be the 10-digit Kemendagri desa/kelurahan code, e.g. 3315012001.</source>
        <comment>desa_code_format</comment>
        <translation>Kode desa {code} harus kode desa/kelurahan Kemendagri 10 digit, mis. 3315012001.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="125"/>
        <source>Desa code {code}: its kecamatan {kecamatan} is not in the Kemendagri table.</source>
        <comment>desa_code_kecamatan_unknown</comment>
        <translation>Kode desa {code}: kecamatannya ({kecamatan}) tidak ada di tabel Kemendagri.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="130"/>
        <source>GPS {value} must look like -8.0954,112.1609 (lat,lon).</source>
        <comment>gps_format</comment>
        <translation>GPS {value} harus seperti -8.0954,112.1609 (lintang,bujur).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="296"/>
        <source>The NIK disagrees with the birth date or sex on the form. Correct the form, or keep it with a reason of at least {min} characters that the ketua tim will read.</source>
        <comment>nik_disagrees_with_form</comment>
        <translation>NIK tidak sesuai dengan tanggal lahir atau jenis kelamin di formulir. Perbaiki formulir, atau pertahankan dengan alasan paling sedikit {min} karakter yang akan dibaca ketua tim.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/handover/sentences.py" line="13"/>
        <source>Card UID {uid} must have 4, 7 or 10 bytes.</source>
        <comment>card_uid_length</comment>
        <translation>UID kartu {uid} harus 4, 7 atau 10 bita.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/handover/sentences.py" line="14"/>
        <source>Card UID {uid} is not hexadecimal.</source>
        <comment>card_uid_not_hex</comment>
        <translation>UID kartu {uid} bukan bilangan heksadesimal.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/handover/sentences.py" line="15"/>
        <source>The {field} is required.</source>
        <comment>handover_field_required</comment>
        <translation>{field} wajib diisi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/handover/sentences.py" line="16"/>
        <source>The {field} is longer than 160 characters.</source>
        <comment>handover_field_too_long</comment>
        <translation>{field} lebih dari 160 karakter.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/handover/sentences.py" line="17"/>
        <source>A courier signs a courier receipt: use the courier handover.</source>
        <comment>courier_uses_courier_handover</comment>
        <translation>Kurir menandatangani tanda terima kurir: gunakan serah terima lewat kurir.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/handover/sentences.py" line="22"/>
        <source>Name at least one record for the courier.</source>
        <comment>courier_needs_records</comment>
        <translation>Sebutkan paling sedikit satu rekaman untuk kurir.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/handover/sentences.py" line="23"/>
        <source>The final recipient cannot be the courier.</source>
        <comment>recipient_is_courier</comment>
        <translation>Penerima akhir tidak boleh kurir itu sendiri.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="28"/>
        <source>User name {username} is not allowed: use 2-32 lower-case letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter.</source>
        <comment>username_invalid</comment>
        <translation>Nama pengguna {username} tidak dapat dipakai: gunakan 2-32 huruf kecil, angka, &apos;.&apos;, &apos;_&apos; atau &apos;-&apos;, diawali huruf.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="34"/>
        <source>The password needs at least {min} characters.</source>
        <comment>password_too_short</comment>
        <translation>Kata sandi paling sedikit {min} karakter.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="35"/>
        <source>The password must not start or end with a space.</source>
        <comment>password_spaces</comment>
        <translation>Kata sandi tidak boleh diawali atau diakhiri spasi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="36"/>
        <source>Unknown role {role}; choose one of: {choices}.</source>
        <comment>role_unknown</comment>
        <translation>Peran {role} tidak dikenal; pilih salah satu: {choices}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="13"/>
        <source>Region code {code} must be a Kemendagri code of 4 (kabupaten/kota), 6 (kecamatan) or 10 (desa/kelurahan) digits, e.g. 35.05.01.2001.</source>
        <comment>region_code_format</comment>
        <translation>Kode wilayah {code} harus kode Kemendagri 4 digit (kabupaten/kota), 6 digit (kecamatan) atau 10 digit (desa/kelurahan), mis. 35.05.01.2001.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="19"/>
        <source>Region code {code} is not in the Kemendagri region table.</source>
        <comment>region_code_unknown</comment>
        <translation>Kode wilayah {code} tidak ada di tabel wilayah Kemendagri.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="24"/>
        <source>The requester&apos;s name (e.g. Desa Sumberjo) is required.</source>
        <comment>requester_name_required</comment>
        <translation>Nama pemohon (mis. Desa Sumberjo) wajib diisi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="29"/>
        <source>A {what} id needs at least {min} characters.</source>
        <comment>id_prefix_too_short</comment>
        <translation>ID paling sedikit {min} karakter.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="30"/>
        <source>No {what} with id {id}.</source>
        <comment>id_not_found</comment>
        <translation>Tidak ada data dengan ID {id}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="31"/>
        <source>The {what} id {id} is ambiguous; type more of it.</source>
        <comment>id_ambiguous</comment>
        <translation>ID {id} cocok dengan lebih dari satu data; ketik lebih panjang.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="32"/>
        <source>Unknown requester type {value}; choose one of: {choices}.</source>
        <comment>requester_type_unknown</comment>
        <translation>Jenis pemohon {value} tidak dikenal; pilih salah satu: {choices}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="37"/>
        <source>Time {value} must look like 08:00 (24-hour clock).</source>
        <comment>time_format</comment>
        <translation>Jam {value} harus seperti 08:00 (format 24 jam).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="38"/>
        <source>A team needs at least one petugas besides the ketua tim.</source>
        <comment>team_needs_petugas</comment>
        <translation>Tim perlu paling sedikit satu petugas selain ketua tim.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="43"/>
        <source>An officer can hold only one place on a team.</source>
        <comment>team_duplicate_officer</comment>
        <translation>Seorang petugas hanya dapat menempati satu posisi dalam tim.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="44"/>
        <source>Plan between 1 and {max} visits at a time.</source>
        <comment>visits_count_range</comment>
        <translation>Rencanakan antara 1 dan {max} kunjungan sekaligus.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="45"/>
        <source>Visits must be at least one day apart.</source>
        <comment>visits_cadence_too_small</comment>
        <translation>Jarak antarkunjungan paling sedikit satu hari.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="37"/>
        <source>The visit date {date} is in the past.</source>
        <comment>visit_date_in_past</comment>
        <translation>Tanggal kunjungan {date} sudah lewat.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="46"/>
        <source>The desa/kelurahan name is required.</source>
        <comment>desa_name_required</comment>
        <translation>Nama desa/kelurahan wajib diisi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="47"/>
        <source>{code} is not a 6-digit kecamatan code.</source>
        <comment>kecamatan_code_format</comment>
        <translation>{code} bukan kode kecamatan 6 digit.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="48"/>
        <source>Desa code {code} is not in kecamatan {kecamatan}.</source>
        <comment>desa_not_in_kecamatan</comment>
        <translation>Kode desa {code} tidak termasuk kecamatan {kecamatan}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="49"/>
        <source>No active officer named {username}.</source>
        <comment>officer_not_active</comment>
        <translation>Tidak ada petugas aktif bernama {username}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="50"/>
        <source>{username} is not a ketua tim and cannot lead the team.</source>
        <comment>officer_not_ketua</comment>
        <translation>{username} bukan ketua tim dan tidak dapat memimpin tim.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="51"/>
        <source>{username} is a {role}, not a field officer.</source>
        <comment>officer_not_field</comment>
        <translation>{username} bukan petugas lapangan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/store/sentences.py" line="13"/>
        <source>There is no backup named {name}; choose one from the list.</source>
        <comment>backup_not_found</comment>
        <translation>Tidak ada cadangan bernama {name}; pilih salah satu dari daftar.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/store/sentences.py" line="18"/>
        <source>This store has no backups to restore.</source>
        <comment>no_backups</comment>
        <translation>Penyimpanan data ini belum memiliki cadangan untuk dipulihkan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="52"/>
        <source>Cannot read {path}: {reason}.</source>
        <comment>targets_file_unreadable</comment>
        <translation>Berkas {path} tidak dapat dibaca. Periksa apakah berkas itu masih ada dan boleh dibaca.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="13"/>
        <source>The {modality} threshold must be between 0 and 100.</source>
        <comment>threshold_range</comment>
        <translation>Ambang mutu harus antara 0 dan 100.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="14"/>
        <source>Attempts per capture must be between 1 and {max}.</source>
        <comment>attempts_range</comment>
        <translation>Jumlah percobaan per perekaman harus antara 1 dan {max}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="38"/>
        <source>Target {target} is not marked for referral.</source>
        <comment>target_not_marked_for_referral</comment>
        <translation>Sasaran {target} tidak ditandai untuk dirujuk.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/reports/sentences.py" line="13"/>
        <source>There is no visit on {date} on this laptop.</source>
        <comment>no_visit_on_date</comment>
        <translation>Tidak ada kunjungan pada {date} di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/reports/sentences.py" line="14"/>
        <source>Name a date or the handovers for the berita acara serah terima.</source>
        <comment>handover_report_needs_date</comment>
        <translation>Sebutkan tanggal atau serah terimanya untuk berita acara serah terima.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/reports/sentences.py" line="19"/>
        <source>There is no card handover for {when}; nothing to report.</source>
        <comment>no_handover_on_date</comment>
        <translation>Tidak ada serah terima kartu untuk {when}; tidak ada yang dilaporkan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/reports/sentences.py" line="34"/>
        <source>The letter-number format {pattern} is not valid: it must contain the running number ({urut}) and make a number of at most 120 characters.</source>
        <comment>letter_pattern_invalid</comment>
        <translation>Format nomor surat {pattern} tidak sah: harus memuat nomor urut ({urut}) dan menghasilkan nomor paling banyak 120 karakter.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/reports/sentences.py" line="41"/>
        <source>The document {name} is no longer in the reports folder; make it again.</source>
        <comment>report_copy_source_missing</comment>
        <translation>Dokumen {name} sudah tidak ada di folder laporan; buat lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/reports/sentences.py" line="46"/>
        <source>The folder {folder} does not exist; choose another folder. Nothing was saved, and the document is still at {source}.</source>
        <comment>report_copy_folder_missing</comment>
        <translation>Folder {folder} tidak ada; pilih folder lain. Tidak ada yang disimpan, dan dokumen tetap ada di {source}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/reports/sentences.py" line="52"/>
        <source>The disk of {folder} is full: the copy was not saved. Free some space or choose another disk (a USB stick); the document is still at {source}.</source>
        <comment>report_copy_disk_full</comment>
        <translation>Disk untuk {folder} penuh: salinan tidak disimpan. Kosongkan sebagian ruang atau pilih disk lain (flashdisk); dokumen tetap ada di {source}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/reports/sentences.py" line="58"/>
        <source>FieldKit may not write to {folder} (no permission, the disk is write-protected, or a file of that name is open in another program): choose another folder or name; the document is still at {source}.</source>
        <comment>report_copy_not_allowed</comment>
        <translation>FieldKit tidak boleh menulis ke {folder} (tidak ada izin, disk dikunci tulis, atau berkas dengan nama itu sedang terbuka di program lain): pilih folder atau nama lain; dokumen tetap ada di {source}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/reports/sentences.py" line="65"/>
        <source>The copy to {folder} failed ({problem}); nothing was saved there, and the document is still at {source}.</source>
        <comment>report_copy_failed</comment>
        <translation>Penyalinan ke {folder} gagal ({problem}); tidak ada yang disimpan di sana, dan dokumen tetap ada di {source}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="13"/>
        <source>A damage photo must be a JPEG or PNG image.</source>
        <comment>photo_type</comment>
        <translation>Foto kerusakan harus berupa gambar JPEG atau PNG.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="14"/>
        <source>The checklist has no row {key}.</source>
        <comment>checklist_row_unknown</comment>
        <translation>Daftar periksa tidak memiliki baris {key}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="15"/>
        <source>This checklist was signed by {by}; a signed checklist can no longer change.</source>
        <comment>checklist_signed</comment>
        <translation>Daftar periksa ini sudah ditandatangani oleh {by}; daftar yang sudah ditandatangani tidak dapat diubah lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="131"/>
        <source>The camera&apos;s picture could not be saved; take the photo again.</source>
        <comment>photo_not_encoded</comment>
        <translation>Gambar kamera tidak dapat disimpan; ambil fotonya lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="43"/>
        <source>This device is not connected; check its cable and the Home screen.</source>
        <comment>device_not_connected</comment>
        <translation>Perangkat ini tidak tersambung; periksa kabelnya dan layar Beranda.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="20"/>
        <source>A photo may be at most {max_mib} MiB.</source>
        <comment>photo_too_large</comment>
        <translation>Foto paling besar {max_mib} MB.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="21"/>
        <source>Give a reason of at least {min} characters for the override.</source>
        <comment>override_reason_too_short</comment>
        <translation>Berikan alasan paling sedikit {min} karakter untuk pengecualian ini.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="26"/>
        <source>{item}: a device is marked ok only by passing its self-test; run the self-test, or mark it faulty or missing with a note.</source>
        <comment>device_ok_only_by_self_test</comment>
        <translation>{item}: perangkat dinyatakan baik hanya bila lulus uji mandiri; jalankan uji mandiri, atau tandai rusak atau tidak ada dengan catatan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="32"/>
        <source>A quantity cannot be negative.</source>
        <comment>quantity_negative</comment>
        <translation>Jumlah tidak boleh negatif.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="33"/>
        <source>{item} is not counted; leave out the quantity.</source>
        <comment>item_not_counted</comment>
        <translation>{item} tidak dihitung; kosongkan jumlahnya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="34"/>
        <source>{item}: say in a note what is wrong.</source>
        <comment>checkout_note_required</comment>
        <translation>{item}: tuliskan di catatan apa masalahnya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/reports/sentences.py" line="24"/>
        <source>Visit {visit} has no return checklist yet; there is nothing to report.</source>
        <comment>no_checkin_checklist</comment>
        <translation>Kunjungan {visit} belum memiliki daftar periksa pengembalian; belum ada yang dapat dilaporkan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="35"/>
        <source>Type the name of the goods keeper who accepted the equipment.</source>
        <comment>keeper_name_required</comment>
        <translation>Ketik nama pengurus barang yang menerima peralatan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="40"/>
        <source>The goods keeper&apos;s name may have at most {max} characters.</source>
        <comment>keeper_name_too_long</comment>
        <translation>Nama pengurus barang paling banyak {max} karakter.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="45"/>
        <source>The goods keeper has already accepted this return.</source>
        <comment>already_accepted</comment>
        <translation>Pengurus barang sudah menerima pengembalian ini.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="46"/>
        <source>The checklist is not complete ({count} row(s) still to do), so it cannot be signed.</source>
        <comment>checklist_incomplete</comment>
        <translation>Daftar periksa belum lengkap ({count} baris belum selesai), jadi belum dapat ditandatangani.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="48"/>
        <source>A staff card PIN has 4 to 12 digits.</source>
        <comment>card_pin_format</comment>
        <translation>PIN kartu petugas terdiri dari 4 sampai 12 angka.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/store/sentences.py" line="19"/>
        <source>This staff card is already bound to another officer here.</source>
        <comment>card_bound_to_another_officer</comment>
        <translation>Kartu petugas ini sudah terikat pada petugas lain di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="49"/>
        <source>Office code {code} must be the 4-digit Kemendagri regency code, e.g. 3505.</source>
        <comment>office_code_format</comment>
        <translation>Kode kantor {code} harus kode kabupaten/kota Kemendagri 4 digit, mis. 3505.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="54"/>
        <source>Office code {code} is not a known regency or city code.</source>
        <comment>office_code_unknown</comment>
        <translation>Kode kantor {code} bukan kode kabupaten/kota yang dikenal.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="59"/>
        <source>The officer&apos;s full name is required.</source>
        <comment>officer_name_required</comment>
        <translation>Nama lengkap petugas wajib diisi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="60"/>
        <source>The officer&apos;s full name has {length} characters; it may have at most {max}.</source>
        <comment>officer_name_too_long</comment>
        <translation>Nama lengkap petugas {length} karakter; paling banyak {max} karakter.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="65"/>
        <source>An officer named {username} already exists on this laptop.</source>
        <comment>officer_exists</comment>
        <translation>Petugas bernama {username} sudah ada di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="66"/>
        <source>You cannot disable your own account.</source>
        <comment>cannot_disable_self</comment>
        <translation>Anda tidak dapat menonaktifkan akun Anda sendiri.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="67"/>
        <source>The idle lock must be between 1 and 120 minutes.</source>
        <comment>idle_lock_range</comment>
        <translation>Kunci otomatis harus antara 1 dan 120 menit.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="68"/>
        <source>No officer named {username}.</source>
        <comment>officer_unknown</comment>
        <translation>Tidak ada petugas bernama {username}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="69"/>
        <source>The account {username} is disabled.</source>
        <comment>officer_disabled</comment>
        <translation>Akun {username} dinonaktifkan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="136"/>
        <source>{slot} is not a capture of this enrollment; it has: {slots}.</source>
        <comment>slot_not_in_enrollment</comment>
        <translation>{slot} bukan bagian perekaman ini; bagiannya: {slots}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="179"/>
        <source>This person has a draft ({id}) with captures: finish it, mark a revisit, or discard it on the Drafts tab (with a reason) first.</source>
        <comment>outcome_draft_exists</comment>
        <translation>Orang ini punya draf ({id}) berisi hasil rekam: selesaikan, catat kunjungan ulang, atau buang drafnya di tab Draf (dengan alasan) dulu.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="191"/>
        <source>There is no enrollment draft {enrollment} on this laptop (a finished one is sealed; see the list of records).</source>
        <comment>unknown_enrollment</comment>
        <translation>Draf perekaman {enrollment} tidak ada di laptop ini (perekaman yang sudah selesai telah disegel; lihat daftar rekaman).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="197"/>
        <source>An enrollment id needs at least {min} characters.</source>
        <comment>enrollment_id_too_short</comment>
        <translation>ID perekaman minimal {min} karakter.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="202"/>
        <source>More than one enrollment draft starts with {enrollment}; type more of its id.</source>
        <comment>enrollment_id_ambiguous</comment>
        <translation>Lebih dari satu draf perekaman berawalan {enrollment}; ketik ID-nya lebih lengkap.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="207"/>
        <source>An exception for {part} needs a proof photo (of the hand or the eye).</source>
        <comment>proof_required</comment>
        <translation>Pengecualian untuk {part} perlu foto bukti (tangan atau mata).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="223"/>
        <source>There is no single person {target} on this laptop&apos;s lists.</source>
        <comment>unknown_target</comment>
        <translation>Tidak ada satu orang pun dengan ID {target} di daftar laptop ini.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="224"/>
        <source>Visit {visit} cannot be closed: {count} person(s) have no outcome yet.</source>
        <comment>visit_has_open_targets</comment>
        <translation>Kunjungan {visit} belum dapat ditutup: {count} orang belum punya hasil.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="229"/>
        <source>There is no visit {visit} on this laptop.</source>
        <comment>unknown_visit</comment>
        <translation>Kunjungan {visit} tidak ada di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="230"/>
        <source>A visit id needs at least {min} characters.</source>
        <comment>visit_id_too_short</comment>
        <translation>ID kunjungan minimal {min} karakter.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="231"/>
        <source>More than one visit starts with {visit}; type more of its id.</source>
        <comment>visit_id_ambiguous</comment>
        <translation>Lebih dari satu kunjungan berawalan {visit}; ketik ID-nya lebih lengkap.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="236"/>
        <source>Visit {visit} is closed; start or reopen another visit.</source>
        <comment>visit_closed</comment>
        <translation>Kunjungan {visit} sudah ditutup; mulai atau buka kembali kunjungan lain.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="237"/>
        <source>Say why the visit is cancelled.</source>
        <comment>visit_cancel_reason_required</comment>
        <translation>Tuliskan alasan pembatalan kunjungan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="238"/>
        <source>Visit {visit} already has recordings or outcomes; it cannot be cancelled.</source>
        <comment>visit_has_work</comment>
        <translation>Kunjungan {visit} sudah berisi perekaman atau hasil kunjungan; kunjungan ini tidak dapat dibatalkan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="243"/>
        <source>Visit {visit} already has recordings or outcomes; it stays on its day. Plan a revisit for the people left.</source>
        <comment>visit_has_work_moved</comment>
        <translation>Kunjungan {visit} sudah berisi perekaman atau hasil kunjungan; kunjungan ini tetap pada harinya. Jadwalkan kunjungan ulang untuk sasaran yang tersisa.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="249"/>
        <source>Visit {visit} was cancelled; choose another visit.</source>
        <comment>visit_cancelled</comment>
        <translation>Kunjungan {visit} dibatalkan; pilih kunjungan lain.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/handover/sentences.py" line="24"/>
        <source>There is no record {record} on this laptop.</source>
        <comment>unknown_record</comment>
        <translation>Rekaman {record} tidak ada di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/handover/sentences.py" line="25"/>
        <source>A record id needs at least {min} characters.</source>
        <comment>record_id_too_short</comment>
        <translation>ID rekaman minimal {min} karakter.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/handover/sentences.py" line="26"/>
        <source>More than one record starts with {record}; type more of its id.</source>
        <comment>record_id_ambiguous</comment>
        <translation>Lebih dari satu rekaman berawalan {record}; ketik ID-nya lebih lengkap.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/handover/sentences.py" line="31"/>
        <source>The card of record {record} is not printed yet (data center state: {state}); only printed cards can be handed over.</source>
        <comment>not_printed</comment>
        <translation>Kartu untuk rekaman {record} belum dicetak (status di data center: {state}); hanya kartu yang sudah dicetak yang dapat diserahkan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/handover/sentences.py" line="37"/>
        <source>This card (UID {uid}) is not the card of record {record}, which is bound to UID {bound_uid}. Do not hand it over; check the name and NIK on the card against the list.</source>
        <comment>wrong_card</comment>
        <translation>Kartu ini (UID {uid}) bukan kartu milik rekaman {record}, yang terikat pada UID {bound_uid}. Jangan diserahkan; cocokkan nama dan NIK pada kartu dengan daftar.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/handover/sentences.py" line="44"/>
        <source>This card (UID {uid}) belongs to another record ({other}), not to {record}. Do not hand it over; give it to the person of record {other}.</source>
        <comment>card_of_another_record</comment>
        <translation>Kartu ini (UID {uid}) milik rekaman lain ({other}), bukan milik {record}. Jangan diserahkan; berikan kepada pemilik rekaman {other}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/handover/sentences.py" line="51"/>
        <source>The card of record {record} was already handed over or has left the office.</source>
        <comment>already_handed_over</comment>
        <translation>Kartu untuk rekaman {record} sudah diserahkan atau sudah keluar dari kantor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/handover/sentences.py" line="56"/>
        <source>The card of record {record} is not with a courier (handover state: {state}); only a card given to a courier can be delivered.</source>
        <comment>card_not_with_courier</comment>
        <translation>Kartu untuk rekaman {record} tidak sedang dibawa kurir (status penyerahan: {state}); hanya kartu yang diserahkan ke kurir yang dapat dicatat pengantarannya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="15"/>
        <source>The file {file} is not an image FieldKit can read, or it is damaged.</source>
        <comment>image_unreadable</comment>
        <translation>Berkas {file} bukan gambar yang dapat dibaca FieldKit, atau rusak.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="20"/>
        <source>There is no file {file}; check the name and the folder.</source>
        <comment>image_file_missing</comment>
        <translation>Berkas {file} tidak ada; periksa nama berkas dan foldernya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="30"/>
        <source>There is no reason code {given}; choose one of: {choices}.</source>
        <comment>reason_code_unknown</comment>
        <translation>Kode alasan {given} tidak dikenal; pilih salah satu: {choices}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="35"/>
        <source>This capture has had {attempts} attempts, the most allowed is {max}. Keep the best one, record an exception, or give a reason to try again.</source>
        <comment>attempt_limit_reached</comment>
        <translation>Perekaman ini sudah dicoba {attempts} kali, batasnya {max} kali. Simpan hasil terbaik, catat pengecualian, atau berikan alasan untuk mencoba lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="71"/>
        <source>There is no sealed record {record} on this laptop.</source>
        <comment>record_not_on_laptop</comment>
        <translation>Rekaman tersegel {record} tidak ada di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/records/sentences.py" line="15"/>
        <source>Record {record} was deleted from this laptop after the data center accepted it.</source>
        <comment>record_purged</comment>
        <translation>Rekaman {record} sudah dihapus dari laptop ini setelah diterima data center.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/delivery/sentences.py" line="13"/>
        <source>Record {record} is {state}, not refused: only a refused (REJECTED) record can be put back in the queue.</source>
        <comment>requeue_not_rejected</comment>
        <translation>Rekaman {record} berstatus {state}, bukan ditolak: hanya rekaman yang ditolak (REJECTED) yang dapat dimasukkan kembali ke antrean.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/records/sentences.py" line="20"/>
        <source>The sealed file of record {record} is missing from {folder}. Ask the operator to restore the latest backup.</source>
        <comment>sealed_file_missing</comment>
        <translation>Berkas tersegel rekaman {record} tidak ada di {folder}. Minta operator memulihkan cadangan terakhir.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/records/sentences.py" line="26"/>
        <source>The sealed file of record {record} is damaged. Ask the operator to restore the latest backup.</source>
        <comment>sealed_file_damaged</comment>
        <translation>Berkas tersegel rekaman {record} rusak. Minta operator memulihkan cadangan terakhir.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/records/sentences.py" line="31"/>
        <source>Record {record} is {state}; it is deleted only after the data center has accepted it and its receipt was checked.</source>
        <comment>purge_refused</comment>
        <translation>Rekaman {record} berstatus {state}; rekaman baru dihapus setelah diterima data center dan tanda terimanya diperiksa.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="51"/>
        <source>Recording cannot start: the pre-trip sarpras checklist of visit {visit} has not been started. Complete it on the Sarpras screen and have the ketua tim sign it.</source>
        <comment>recording_blocked</comment>
        <translation>Perekaman belum dapat dimulai: daftar periksa sarpras sebelum berangkat untuk kunjungan {visit} belum diisi. Lengkapi di layar Sarpras lalu minta ketua tim menandatanganinya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="57"/>
        <source>Recording cannot start: the pre-trip sarpras checklist of visit {visit} is not complete (still to do: {missing}). Complete it on the Sarpras screen and have the ketua tim sign it.</source>
        <comment>recording_blocked_incomplete</comment>
        <translation>Perekaman belum dapat dimulai: daftar periksa sarpras sebelum berangkat untuk kunjungan {visit} belum lengkap (belum diisi: {missing}). Lengkapi di layar Sarpras lalu minta ketua tim menandatanganinya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="64"/>
        <source>Recording cannot start: the pre-trip sarpras checklist of visit {visit} is complete but not signed. Ask the ketua tim to sign it on the Sarpras screen.</source>
        <comment>recording_blocked_unsigned</comment>
        <translation>Perekaman belum dapat dimulai: daftar periksa sarpras sebelum berangkat untuk kunjungan {visit} sudah lengkap tetapi belum ditandatangani. Minta ketua tim menandatanganinya di layar Sarpras.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="87"/>
        <source>FieldKit is not set up in the data folder {path} yet.</source>
        <comment>store_not_initialised</comment>
        <translation>FieldKit belum disiapkan di folder data {path}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="92"/>
        <source>FieldKit is already set up in the data folder {path}; nothing was changed.</source>
        <comment>store_already_initialised</comment>
        <translation>FieldKit sudah disiapkan di folder data {path}; tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="102"/>
        <source>Another FieldKit window or command is writing to {path} and did not finish in time. Nothing was changed; close the other one, then try again.</source>
        <comment>store_busy</comment>
        <translation>Jendela atau perintah FieldKit lain sedang menulis ke {path} dan belum selesai tepat waktu. Tidak ada yang diubah; tutup yang lain itu, lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="108"/>
        <source>Too many wrong passwords. The account is locked; try again in {seconds} seconds.</source>
        <comment>auth_locked_out</comment>
        <translation>Terlalu banyak salah kata sandi. Akun dikunci; coba lagi dalam {seconds} detik.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/store/sentences.py" line="24"/>
        <source>Only an admin may restore a backup: it undoes everyone&apos;s work since the backup. Ask the admin of your office.</source>
        <comment>restore_needs_admin</comment>
        <translation>Hanya admin yang boleh memulihkan cadangan: pemulihan membatalkan pekerjaan semua petugas sejak cadangan itu. Minta admin kantor Anda.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="130"/>
        <source>The file or message is larger than {max_bytes} bytes, the most FieldKit reads safely; it was refused and nothing of it was stored.</source>
        <comment>json_too_large</comment>
        <translation>Berkas atau pesan ini lebih besar dari {max_bytes} byte, batas yang aman dibaca FieldKit; ditolak dan tidak ada isinya yang disimpan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="136"/>
        <source>The file or message is nested deeper than {max_depth} levels, the most FieldKit reads safely; it was refused and nothing of it was stored.</source>
        <comment>json_too_deep</comment>
        <translation>Berkas atau pesan ini bertingkat lebih dari {max_depth} lapis, batas yang aman dibaca FieldKit; ditolak dan tidak ada isinya yang disimpan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="142"/>
        <source>The file or message holds a number longer than {max} characters; it was refused and nothing of it was stored.</source>
        <comment>json_number_too_long</comment>
        <translation>Berkas atau pesan ini memuat angka lebih panjang dari {max} karakter; ditolak dan tidak ada isinya yang disimpan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="160"/>
        <source>The file {file} cannot be read; it was refused and nothing of it was stored.</source>
        <comment>json_unreadable</comment>
        <translation>Berkas {file} tidak dapat dibaca; ditolak dan tidak ada isinya yang disimpan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="141"/>
        <source>Every part of {slot} has an exception; there is nothing to capture.</source>
        <comment>slot_fully_excepted</comment>
        <translation>Semua bagian {slot} sudah dikecualikan; tidak ada yang perlu direkam.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="146"/>
        <source>This capture is not chained to the previous one (another capture came in between); capture again.</source>
        <comment>capture_chain_broken</comment>
        <translation>Hasil rekam ini tidak bersambung dengan rekaman sebelumnya (ada rekaman lain di antaranya); rekam ulang.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="152"/>
        <source>Another capture was saved meanwhile; capture again.</source>
        <comment>capture_saved_meanwhile</comment>
        <translation>Ada hasil rekam lain yang tersimpan sementara itu; rekam ulang.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="157"/>
        <source>{slot} has no capture to keep; capture it, or record an exception.</source>
        <comment>nothing_to_keep</comment>
        <translation>{slot} belum punya hasil rekam untuk disimpan; rekam dulu, atau catat pengecualian.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="162"/>
        <source>{slot} already passed the quality threshold.</source>
        <comment>already_passed</comment>
        <translation>{slot} sudah memenuhi ambang mutu.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="163"/>
        <source>Enrollment {id} is paused; resume it first.</source>
        <comment>enrollment_paused</comment>
        <translation>Perekaman {id} sedang dijeda; lanjutkan dulu.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="164"/>
        <source>Record the consent before recording exceptions.</source>
        <comment>exception_needs_consent</comment>
        <translation>Catat persetujuan dulu sebelum mencatat pengecualian.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="165"/>
        <source>{part} already has an exception; remove it first to change it.</source>
        <comment>exception_exists</comment>
        <translation>{part} sudah punya pengecualian; hapus dulu untuk mengubahnya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="170"/>
        <source>{part} has no exception to remove.</source>
        <comment>exception_missing</comment>
        <translation>{part} tidak punya pengecualian untuk dihapus.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="171"/>
        <source>A record with no capture at all cannot be sealed.</source>
        <comment>nothing_captured</comment>
        <translation>Rekaman tanpa satu pun hasil rekam tidak dapat disegel.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="172"/>
        <source>This person was already recorded on this visit.</source>
        <comment>already_recorded</comment>
        <translation>Orang ini sudah direkam pada kunjungan ini.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="173"/>
        <source>This person already has a draft ({id}); resume it instead of starting again.</source>
        <comment>draft_exists</comment>
        <translation>Orang ini sudah punya draf ({id}); lanjutkan draf itu, jangan mulai lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="178"/>
        <source>This person&apos;s record is already sealed; the outcome stays.</source>
        <comment>outcome_sealed</comment>
        <translation>Rekaman orang ini sudah disegel; hasilnya tetap.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="185"/>
        <source>This step is not possible now.</source>
        <comment>step_not_allowed</comment>
        <translation>Langkah ini belum dapat dilakukan sekarang.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="70"/>
        <source>The input is not valid.</source>
        <comment>invalid_input</comment>
        <translation>Isian tidak valid.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="186"/>
        <source>Record the consent (the person&apos;s, or a guardian&apos;s) before any capture.</source>
        <comment>consent_required</comment>
        <translation>Catat persetujuan (dari orangnya sendiri atau walinya) sebelum merekam.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="212"/>
        <source>The record cannot be finished yet: some steps are still open.</source>
        <comment>not_ready_to_finish</comment>
        <translation>Rekaman belum dapat diselesaikan: masih ada langkah yang belum selesai.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="217"/>
        <source>New enrollments are blocked on this laptop until it syncs. Sync as soon as there is a network.</source>
        <comment>enrollment_frozen</comment>
        <translation>Perekaman baru dihentikan di laptop ini sampai data disinkronkan. Lakukan sinkronisasi begitu ada jaringan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/handover/sentences.py" line="50"/>
        <source>The signature was not accepted; ask for it again.</source>
        <comment>signature_rejected</comment>
        <translation>Tanda tangan tidak diterima; minta tanda tangan sekali lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="25"/>
        <source>Keeping a capture below the quality threshold needs a reason, so the ketua tim can review it.</source>
        <comment>reason_required</comment>
        <translation>Menyimpan hasil di bawah ambang mutu perlu alasan, agar ketua tim dapat memeriksanya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/records/sentences.py" line="13"/>
        <source>The record file is damaged.</source>
        <comment>record_container_invalid</comment>
        <translation>Berkas rekaman rusak.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/records/sentences.py" line="14"/>
        <source>The sealed record is missing or damaged on this laptop.</source>
        <comment>record_not_found</comment>
        <translation>Rekaman tersegel tidak ada atau rusak di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="72"/>
        <source>The sealed record failed its check: it was altered or is not a FieldKit record.</source>
        <comment>seal_invalid</comment>
        <translation>Rekaman tersegel gagal diperiksa: isinya berubah atau bukan rekaman FieldKit.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="77"/>
        <source>No one is marked for referral to Dinsos; there is nothing to export.</source>
        <comment>empty_referral_list</comment>
        <translation>Belum ada orang yang ditandai untuk dirujuk ke Dinsos; tidak ada yang diekspor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="82"/>
        <source>Only recorded people who are lansia, disabilitas, ODGJ or terbaring can be referred.</source>
        <comment>not_eligible</comment>
        <translation>Hanya orang yang sudah direkam dan termasuk lansia, disabilitas, ODGJ atau terbaring yang dapat dirujuk.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="97"/>
        <source>FieldKit could not read or write {path}. Check the disk, then try again.</source>
        <comment>store_io_error</comment>
        <translation>FieldKit tidak dapat membaca atau menulis {path}. Periksa disknya, lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="113"/>
        <source>This officer has no password yet. Ask the admin of your office.</source>
        <comment>auth_no_password</comment>
        <translation>Petugas ini belum punya kata sandi. Hubungi admin kantor Anda.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="118"/>
        <source>This password is one of the most common ones and is guessed first. Choose a phrase of a few words with a digit.</source>
        <comment>password_too_common</comment>
        <translation>Kata sandi ini termasuk yang paling umum dan paling dulu ditebak. Pilih frasa beberapa kata dengan angka.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="124"/>
        <source>The file or message is damaged or too large to read safely; it was refused and nothing of it was stored.</source>
        <comment>json_refused</comment>
        <translation>Berkas atau pesan ini rusak atau terlalu besar untuk dibaca dengan aman; ditolak dan tidak ada isinya yang disimpan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="148"/>
        <source>The file or message is damaged or too large to read safely; it was refused and nothing of it was stored.</source>
        <comment>json_not_utf8</comment>
        <translation>Berkas atau pesan ini rusak atau terlalu besar untuk dibaca dengan aman; ditolak dan tidak ada isinya yang disimpan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="154"/>
        <source>The file or message is damaged or too large to read safely; it was refused and nothing of it was stored.</source>
        <comment>json_syntax</comment>
        <translation>Berkas atau pesan ini rusak atau terlalu besar untuk dibaca dengan aman; ditolak dan tidak ada isinya yang disimpan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/review/sentences.py" line="13"/>
        <source>Record {record_id} is not waiting for review.</source>
        <comment>review_not_found</comment>
        <translation>Rekaman {record_id} tidak sedang menunggu tinjauan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/review/sentences.py" line="14"/>
        <source>Record {record_id} was already decided by the ketua tim.</source>
        <comment>review_already_decided</comment>
        <translation>Rekaman {record_id} sudah diputuskan ketua tim.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/review/sentences.py" line="19"/>
        <source>Say why the record goes back for recapture.</source>
        <comment>review_reason_required</comment>
        <translation>Tuliskan mengapa rekaman dikembalikan untuk rekam ulang.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/review/sentences.py" line="20"/>
        <source>The reason is longer than {max} characters.</source>
        <comment>review_reason_too_long</comment>
        <translation>Alasan lebih dari {max} karakter.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/review/sentences.py" line="21"/>
        <source>The note is longer than {max} characters.</source>
        <comment>review_note_too_long</comment>
        <translation>Catatan lebih dari {max} karakter.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/review/sentences.py" line="22"/>
        <source>This record has no decision to undo.</source>
        <comment>review_undo_not_decided</comment>
        <translation>Rekaman ini belum diputuskan, jadi tidak ada yang diurungkan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/review/sentences.py" line="23"/>
        <source>Only {officer}, who made this decision, can undo it.</source>
        <comment>review_undo_not_yours</comment>
        <translation>Hanya {officer}, yang membuat keputusan ini, yang dapat mengurungkannya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/review/sentences.py" line="28"/>
        <source>The record was already sent with this decision; it can no longer be undone.</source>
        <comment>review_undo_sent</comment>
        <translation>Rekaman sudah terkirim dengan keputusan ini; keputusan tidak dapat diurungkan lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/review/sentences.py" line="33"/>
        <source>This person is no longer on the revisit list.</source>
        <comment>revisit_not_found</comment>
        <translation>Sasaran ini sudah tidak ada di daftar kunjungan ulang.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/review/sentences.py" line="34"/>
        <source>A revisit is already planned for this person.</source>
        <comment>revisit_already_planned</comment>
        <translation>Kunjungan ulang untuk sasaran ini sudah direncanakan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/review/sentences.py" line="35"/>
        <source>Choose at least one person to visit again.</source>
        <comment>revisit_none</comment>
        <translation>Pilih sedikitnya satu sasaran untuk dikunjungi ulang.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/review/sentences.py" line="36"/>
        <source>The first visit of this person is not on this laptop; plan the visit by hand.</source>
        <comment>revisit_visit_unknown</comment>
        <translation>Kunjungan pertama sasaran ini tidak ada di laptop ini; rencanakan kunjungan secara manual.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/review/sentences.py" line="41"/>
        <source>The first visit had no ketua tim; plan the visit by hand with a team.</source>
        <comment>revisit_team_required</comment>
        <translation>Kunjungan pertama tidak memiliki ketua tim; rencanakan kunjungan secara manual dengan tim.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="250"/>
        <source>A revisit needs a suggested date.</source>
        <comment>revisit_date_required</comment>
        <translation>Kunjungan ulang perlu tanggal usulan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="251"/>
        <source>The suggested revisit date is in the past.</source>
        <comment>revisit_date_in_past</comment>
        <translation>Tanggal kunjungan ulang yang diusulkan sudah lewat.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="252"/>
        <source>A revisit date goes only with &apos;Not at home&apos;, &apos;Unable&apos; or &apos;Revisit on a date&apos;.</source>
        <comment>revisit_date_not_for_outcome</comment>
        <translation>Tanggal kunjungan ulang hanya dicatat untuk &apos;Tidak di rumah&apos;, &apos;Tidak dapat&apos; atau &apos;Kunjungan ulang pada tanggal&apos;.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="53"/>
        <source>The letter number (nomor surat) is required.</source>
        <comment>letter_number_required</comment>
        <translation>Nomor surat wajib diisi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="54"/>
        <source>The letter date {date} is in the future.</source>
        <comment>letter_date_in_future</comment>
        <translation>Tanggal surat {date} ada di masa depan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="70"/>
        <source>{item} failed its self-test, so it cannot be called good.</source>
        <comment>checkin_failed_self_test</comment>
        <translation>{item} gagal uji mandiri, jadi tidak dapat dinyatakan baik.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="75"/>
        <source>{item}: a quantity is only for consumables, and at least 0.</source>
        <comment>checkin_quantity_invalid</comment>
        <translation>{item}: jumlah hanya untuk barang habis pakai, dan tidak boleh negatif.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="80"/>
        <source>{item}: say in a note what is damaged, missing or dirty.</source>
        <comment>checkin_note_required</comment>
        <translation>{item}: tuliskan di catatan apa yang rusak, kurang atau kotor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="85"/>
        <source>{item} was faulty when it was taken out. To check it in as good, say in the note why it is good now (repaired, replaced).</source>
        <comment>checkin_baik_after_rusak</comment>
        <translation>{item} rusak saat diambil. Untuk mengembalikannya dalam kondisi baik, tulis di catatan mengapa sekarang baik (diperbaiki, diganti).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/receipts/sentences.py" line="13"/>
        <source>There is no receipt for record {record}: it was deleted with the record after the data center accepted it, or the record was not sealed on this laptop.</source>
        <comment>receipt_gone</comment>
        <translation>Tidak ada bukti perekaman untuk rekaman {record}: bukti dihapus bersama rekamannya setelah diterima data center, atau rekaman itu tidak disegel di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="91"/>
        <source>The return checklist is not complete ({count} row(s) still to do), so the goods keeper cannot accept it yet.</source>
        <comment>acceptance_incomplete</comment>
        <translation>Daftar periksa pengembalian belum lengkap (masih {count} baris), jadi pengurus barang belum dapat menerimanya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="165"/>
        <source>A NIP has exactly 18 digits (this one has {length} characters).</source>
        <comment>nip_length</comment>
        <translation>NIP terdiri dari tepat 18 angka (yang ini {length} karakter).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="170"/>
        <source>This NIP is not valid: it starts with a birth date (YYYYMMDD), then the year and month of appointment, a 1 or 2, and a serial.</source>
        <comment>nip_invalid</comment>
        <translation>NIP ini tidak sah: diawali tanggal lahir (TTTTBBHH), lalu tahun dan bulan pengangkatan, angka 1 atau 2, dan nomor urut.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="176"/>
        <source>The rank/grade may have at most {max} characters.</source>
        <comment>rank_too_long</comment>
        <translation>Pangkat/golongan paling banyak {max} karakter.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/reports/sentences.py" line="29"/>
        <source>The letter-number format uses {{field}}; it may use only {fields}.</source>
        <comment>letter_pattern_field</comment>
        <translation>Format nomor surat memakai {{field}}; yang boleh dipakai hanya {fields}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/reports/sentences.py" line="40"/>
        <source>A letter number may have at most {max} characters.</source>
        <comment>letter_number_too_long</comment>
        <translation>Nomor surat paling banyak {max} karakter.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="257"/>
        <source>The review cannot be deferred; it is the last step.</source>
        <comment>review_not_deferrable</comment>
        <translation>Langkah periksa tidak dapat ditunda; itu langkah terakhir.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/handover/sentences.py" line="62"/>
        <source>The card of record {record} is with a courier; record its delivery instead.</source>
        <comment>handover_with_courier</comment>
        <translation>Kartu untuk rekaman {record} sedang dibawa kurir; catat pengantarannya saja.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="619"/>
        <source>Option {item} must look like key=value.</source>
        <comment>device_option_format</comment>
        <translation>Opsi {item} harus berbentuk kunci=nilai.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="620"/>
        <source>The two passwords differ.</source>
        <comment>cli_passwords_differ</comment>
        <translation>Kedua kata sandi berbeda.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="621"/>
        <source>Say who you are with --officer USER or {env}.</source>
        <comment>cli_officer_required</comment>
        <translation>Sebutkan siapa Anda dengan --officer USER atau {env}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="635"/>
        <source>Name the first officer with --officer USER.</source>
        <comment>cli_first_officer_required</comment>
        <translation>Sebutkan petugas pertama dengan --officer USER.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="636"/>
        <source>demo enroll records made-up people with the simulated devices only; add --sim.</source>
        <comment>cli_demo_needs_sim</comment>
        <translation>demo enroll merekam orang rekaan hanya dengan perangkat simulasi; tambahkan --sim.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="641"/>
        <source>--count must be between 1 and {max}.</source>
        <comment>cli_demo_count_range</comment>
        <translation>--count harus antara 1 dan {max}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="642"/>
        <source>--with-exception must be between 0 and --count.</source>
        <comment>cli_demo_exception_range</comment>
        <translation>--with-exception harus antara 0 dan --count.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="643"/>
        <source>{option} {item} must look like KEY=VALUE.</source>
        <comment>cli_pair_format</comment>
        <translation>{option} {item} harus berbentuk KUNCI=NILAI.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="644"/>
        <source>The quantity of {key} must be a whole number.</source>
        <comment>cli_quantity_not_whole</comment>
        <translation>Jumlah {key} harus bilangan bulat.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="645"/>
        <source>Cannot read the photo {path}: {reason}.</source>
        <comment>cli_photo_unreadable</comment>
        <translation>Foto {path} tidak dapat dibaca: {reason}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="646"/>
        <source>With --sim, give the simulated card&apos;s UID with --card-uid HEX.</source>
        <comment>cli_sim_card_uid_required</comment>
        <translation>Dengan --sim, berikan UID kartu simulasi dengan --card-uid HEX.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="651"/>
        <source>Name the signature pad&apos;s serial port with --pad-port (or use --sim).</source>
        <comment>cli_pad_port_required</comment>
        <translation>Sebutkan port serial bantalan tanda tangan dengan --pad-port (atau pakai --sim).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="656"/>
        <source>Give --date YYYY-MM-DD or one or more --handover ID.</source>
        <comment>cli_serah_terima_needs_date</comment>
        <translation>Berikan --date YYYY-MM-DD atau satu atau lebih --handover ID.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="144"/>
        <source>Give either --bundle FILE or URL CODE --ca-fingerprint F, not both.</source>
        <comment>cli_enroll_bundle_or_code</comment>
        <translation>Berikan --bundle BERKAS atau URL KODE --ca-fingerprint F, jangan keduanya.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="149"/>
        <source>Give the data center&apos;s URL and one-time code, or --bundle FILE.</source>
        <comment>cli_enroll_needs_code</comment>
        <translation>Berikan URL data center dan kode sekali pakainya, atau --bundle BERKAS.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="15"/>
        <source>The request&apos;s signature does not match this laptop&apos;s enrolled key.</source>
        <comment>auth_invalid</comment>
        <translation>Tanda tangan permintaan tidak cocok dengan kunci laptop yang terdaftar.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="20"/>
        <source>Enroll the laptop again if its key was replaced.</source>
        <comment>auth_invalid.hint</comment>
        <translation>Daftarkan laptop lagi jika kuncinya diganti.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="21"/>
        <source>The request is not signed by an enrolled device.</source>
        <comment>auth_missing</comment>
        <translation>Permintaan tidak ditandatangani oleh perangkat yang terdaftar.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="22"/>
        <source>Enroll this laptop with a code from the data-center operator.</source>
        <comment>auth_missing.hint</comment>
        <translation>Daftarkan laptop ini dengan kode dari operator data center.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="37"/>
        <source>This laptop&apos;s FieldKit is older than the data center accepts ({minimum} or newer). Nothing was sent.</source>
        <comment>client_too_old</comment>
        <translation>FieldKit di laptop ini lebih lama daripada yang diterima data center ({minimum} atau lebih baru). Tidak ada yang dikirim.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="142"/>
        <source>The data center refused record {record_id} of the export ({reason}).</source>
        <comment>usb_entry_refused</comment>
        <translation>Data center menolak data {record_id} dari ekspor ({reason}).</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="147"/>
        <source>The record container is invalid ({problem}).</source>
        <comment>payload_container_invalid</comment>
        <translation>Wadah data tidak valid ({problem}).</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="148"/>
        <source>The record&apos;s content is not valid JSON ({problem}).</source>
        <comment>payload_not_json</comment>
        <translation>Isi data bukan JSON yang valid ({problem}).</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="149"/>
        <source>The record&apos;s content is not a JSON object.</source>
        <comment>payload_not_object</comment>
        <translation>Isi data bukan objek JSON.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="150"/>
        <source>The record&apos;s content names a different record id.</source>
        <comment>payload_other_record</comment>
        <translation>Isi data menyebut ID data yang lain.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="151"/>
        <source>The record&apos;s content names a different sequence number.</source>
        <comment>payload_other_seq</comment>
        <translation>Isi data menyebut nomor urut yang lain.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="43"/>
        <source>Update FieldKit on this laptop (its records are kept), then sync again.</source>
        <comment>client_too_old.hint</comment>
        <translation>Perbarui FieldKit di laptop ini (datanya tetap tersimpan), lalu sinkronkan lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="152"/>
        <source>The laptop&apos;s clock is {seconds} seconds ahead of the data center&apos;s.</source>
        <comment>clock_skew_ahead</comment>
        <translation>Jam laptop {seconds} detik lebih cepat daripada jam data center.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="157"/>
        <source>Set the laptop&apos;s date and time, or let FieldKit correct by the server time.</source>
        <comment>clock_skew_ahead.hint</comment>
        <translation>Atur tanggal dan jam laptop, atau biarkan FieldKit menyesuaikan dengan jam server.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="162"/>
        <source>The laptop&apos;s clock is {seconds} seconds behind the data center&apos;s.</source>
        <comment>clock_skew_behind</comment>
        <translation>Jam laptop {seconds} detik lebih lambat daripada jam data center.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="167"/>
        <source>Set the laptop&apos;s date and time, or let FieldKit correct by the server time.</source>
        <comment>clock_skew_behind.hint</comment>
        <translation>Atur tanggal dan jam laptop, atau biarkan FieldKit menyesuaikan dengan jam server.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="48"/>
        <source>The laptop&apos;s clock differs too much from the data center&apos;s.</source>
        <comment>clock_skew</comment>
        <translation>Jam laptop terlalu berbeda dengan jam data center.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="49"/>
        <source>This enrollment code has expired.</source>
        <comment>code_expired</comment>
        <translation>Kode pendaftaran ini sudah kedaluwarsa.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="50"/>
        <source>Ask the operator for a new code and use it the same day.</source>
        <comment>code_expired.hint</comment>
        <translation>Minta kode baru kepada operator dan pakai pada hari yang sama.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="55"/>
        <source>This enrollment code is not known to the data center.</source>
        <comment>code_unknown</comment>
        <translation>Kode pendaftaran ini tidak dikenal oleh data center.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="56"/>
        <source>Check the code for typos, or ask the operator for a new one.</source>
        <comment>code_unknown.hint</comment>
        <translation>Periksa salah ketik pada kode, atau minta kode baru kepada operator.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="61"/>
        <source>This enrollment code has already been used.</source>
        <comment>code_used</comment>
        <translation>Kode pendaftaran ini sudah dipakai.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="62"/>
        <source>Each code enrolls one laptop once; ask the operator for a new one.</source>
        <comment>code_used.hint</comment>
        <translation>Setiap kode mendaftarkan satu laptop satu kali; minta kode baru kepada operator.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="67"/>
        <source>The data center already holds record {record_id} with different content.</source>
        <comment>conflict</comment>
        <translation>Data center sudah menyimpan data {record_id} dengan isi yang berbeda.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="72"/>
        <source>The data center could not open the sealed record.</source>
        <comment>decrypt_failed</comment>
        <translation>Data center tidak dapat membuka data tersegel.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="73"/>
        <source>This laptop&apos;s enrollment was revoked by the data center.</source>
        <comment>device_revoked</comment>
        <translation>Pendaftaran laptop ini dicabut oleh data center.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="74"/>
        <source>Contact the data-center operator; records stay sealed on the laptop.</source>
        <comment>device_revoked.hint</comment>
        <translation>Hubungi operator data center; data tetap tersegel di laptop.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="79"/>
        <source>This laptop is not enrolled at this data center.</source>
        <comment>device_unknown</comment>
        <translation>Laptop ini tidak terdaftar di data center ini.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="80"/>
        <source>Enroll it with a code from the data-center operator.</source>
        <comment>device_unknown.hint</comment>
        <translation>Daftarkan dengan kode dari operator data center.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="147"/>
        <source>Ask the data-center operator for a new package, or sync again.</source>
        <comment>package_malformed.hint</comment>
        <translation>Minta paket baru kepada operator data center, atau sinkronkan lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="152"/>
        <source>This office package is for office {office}, not this laptop&apos;s office ({this_office}); nothing was changed.</source>
        <comment>package_other_office</comment>
        <translation>Paket kantor ini untuk kantor {office}, bukan kantor laptop ini ({this_office}); tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="158"/>
        <source>This office package is for another laptop; nothing was changed.</source>
        <comment>package_other_laptop</comment>
        <translation>Paket kantor ini untuk laptop lain; tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="163"/>
        <source>Each laptop has its own package in its own folder on the stick; use this laptop&apos;s.</source>
        <comment>package_other_laptop.hint</comment>
        <translation>Setiap laptop memiliki paketnya sendiri di foldernya sendiri pada flashdisk; gunakan milik laptop ini.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="168"/>
        <source>This office package does not open with this laptop&apos;s key; nothing was changed.</source>
        <comment>package_unreadable</comment>
        <translation>Paket kantor ini tidak dapat dibuka dengan kunci laptop ini; tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="173"/>
        <source>Sync once so the data center learns this laptop&apos;s package key, then try again.</source>
        <comment>package_unreadable.hint</comment>
        <translation>Sinkronkan sekali agar data center mengetahui kunci paket laptop ini, lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="178"/>
        <source>This office package is not signed by this laptop&apos;s data center; nothing was changed.</source>
        <comment>package_unverified</comment>
        <translation>Paket kantor ini tidak ditandatangani oleh data center laptop ini; tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="183"/>
        <source>Do not use this package; tell the data-center operator where it came from.</source>
        <comment>package_unverified.hint</comment>
        <translation>Jangan gunakan paket ini; beri tahu operator data center dari mana paket ini berasal.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="188"/>
        <source>This package (version {version}) is older than the one this laptop has ({applied}); nothing was changed.</source>
        <comment>package_older</comment>
        <translation>Paket ini (versi {version}) lebih lama daripada yang dimiliki laptop ini ({applied}); tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="194"/>
        <source>The laptop&apos;s health report is not valid ({field}).</source>
        <comment>health_invalid</comment>
        <translation>Laporan kesehatan laptop tidak valid ({field}).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="188"/>
        <source>The data center&apos;s disk is full; nothing of this request was stored.</source>
        <comment>disk_full</comment>
        <translation>Disk data center penuh; tidak ada bagian permintaan ini yang disimpan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="193"/>
        <source>Tell the data-center operator to free disk space; then send again.</source>
        <comment>disk_full.hint</comment>
        <translation>Minta operator data center mengosongkan ruang disk, lalu kirim lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="86"/>
        <source>Copy the whole export folder again, or export again from the laptop.</source>
        <comment>file_missing.hint</comment>
        <translation>Salin lagi seluruh folder ekspor, atau ekspor lagi dari laptop.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="92"/>
        <source>The stick may be failing: copy the export to another stick, or export again.</source>
        <comment>file_unreadable.hint</comment>
        <translation>Flashdisk mungkin rusak: salin ekspor ke flashdisk lain, atau ekspor lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="97"/>
        <source>The data center failed on this request; nothing was changed.</source>
        <comment>internal_error</comment>
        <translation>Data center gagal memproses permintaan ini; tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="102"/>
        <source>The record id has characters or a length not allowed.</source>
        <comment>invalid_record_id</comment>
        <translation>ID data memuat karakter atau panjang yang tidak diizinkan.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="103"/>
        <source>The data center refused the request as not valid.</source>
        <comment>invalid_request</comment>
        <translation>Data center menolak permintaan karena tidak valid.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="104"/>
        <source>The record&apos;s SHA-256 is not valid.</source>
        <comment>invalid_sha256</comment>
        <translation>SHA-256 data tidak valid.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="105"/>
        <source>This laptop&apos;s key is already enrolled or was revoked.</source>
        <comment>key_already_enrolled</comment>
        <translation>Kunci laptop ini sudah terdaftar atau sudah dicabut.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="110"/>
        <source>The laptop makes a new key when it enrolls again.</source>
        <comment>key_already_enrolled.hint</comment>
        <translation>Laptop membuat kunci baru saat mendaftar lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="198"/>
        <source>The record is sealed to a key this data center does not hold.</source>
        <comment>kid_unknown</comment>
        <translation>Data disegel dengan kunci yang tidak dimiliki data center ini.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="115"/>
        <source>The record was not announced in a manifest by this laptop.</source>
        <comment>not_announced</comment>
        <translation>Data tidak diumumkan dalam manifest oleh laptop ini.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="116"/>
        <source>Send the manifest first; the client does this on its own.</source>
        <comment>not_announced.hint</comment>
        <translation>Kirim manifest lebih dulu; klien melakukannya sendiri.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="121"/>
        <source>The record belongs to another laptop.</source>
        <comment>owned_by_other_device</comment>
        <translation>Data ini milik laptop lain.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="122"/>
        <source>The record&apos;s content is not valid.</source>
        <comment>payload_invalid</comment>
        <translation>Isi data tidak valid.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="199"/>
        <source>The data center asks for the person to be recorded again.</source>
        <comment>recapture_requested</comment>
        <translation>Data center meminta orang ini direkam ulang.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="123"/>
        <source>The record is not signed by this laptop&apos;s key.</source>
        <comment>record_signature_invalid</comment>
        <translation>Data tidak ditandatangani dengan kunci laptop ini.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="124"/>
        <source>The record may have been copied from another laptop; it was not stored.</source>
        <comment>record_signature_invalid.hint</comment>
        <translation>Data mungkin disalin dari laptop lain; data tidak disimpan.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="130"/>
        <source>The ketua tim&apos;s review sent with the record is not valid.</source>
        <comment>review_invalid</comment>
        <translation>Pemeriksaan ketua tim yang dikirim bersama data tidak valid.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="131"/>
        <source>The received bytes do not match the announced hash.</source>
        <comment>sha256_mismatch</comment>
        <translation>Byte yang diterima tidak cocok dengan hash yang diumumkan.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="132"/>
        <source>The upload was altered on the way; send it again.</source>
        <comment>sha256_mismatch.hint</comment>
        <translation>Unggahan berubah di perjalanan; kirim lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="133"/>
        <source>The record&apos;s size is not allowed.</source>
        <comment>size_invalid</comment>
        <translation>Ukuran data tidak diizinkan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="314"/>
        <source>The keys are not encrypted with a passphrase, so they are not put in a backup: set FIELDKIT_DATACENTER_KEY_PASSPHRASE and run &apos;fieldkit-datacenter keys protect&apos;, or back up DATA/keys on its own.</source>
        <comment>datacenter_backup_keys_unprotected</comment>
        <translation>Kunci tidak dienkripsi dengan frasa sandi, jadi tidak dimasukkan ke cadangan: atur FIELDKIT_DATACENTER_KEY_PASSPHRASE lalu jalankan &apos;fieldkit-datacenter keys protect&apos;, atau cadangkan DATA/keys tersendiri.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="321"/>
        <source>The key {file} is stored in the clear, so the keys are not put in a backup and no file was written. With {env} set, run &apos;fieldkit-datacenter keys protect&apos;: it encrypts every key still in the clear, in place, with the passphrase.</source>
        <comment>datacenter_key_in_clear</comment>
        <translation>Kunci {file} disimpan tanpa enkripsi, jadi kunci tidak dimasukkan ke cadangan dan tidak ada berkas yang ditulis. Dengan {env} diatur, jalankan &apos;fieldkit-datacenter keys protect&apos;: perintah itu mengenkripsi setiap kunci yang belum terenkripsi, di tempatnya, dengan frasa sandi.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="328"/>
        <source>The data center&apos;s key {file} is not a key this data center can read.</source>
        <comment>datacenter_key_unreadable</comment>
        <translation>Kunci data center {file} bukan kunci yang dapat dibaca data center ini.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="333"/>
        <source>Set {env} to the passphrase first: it is read from the environment, never from the command line. No key was changed.</source>
        <comment>datacenter_keys_protect_no_passphrase</comment>
        <translation>Atur {env} ke frasa sandi terlebih dahulu: frasa sandi dibaca dari lingkungan, tidak pernah dari baris perintah. Tidak ada kunci yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="339"/>
        <source>The sealed record {blob} is missing from the blob store, so no backup was written. Find it (a copy of the blob store, an earlier backup) before the next backup.</source>
        <comment>datacenter_backup_blob_missing</comment>
        <translation>Rekaman tersegel {blob} tidak ada di penyimpanan blob, jadi tidak ada cadangan yang ditulis. Temukan rekaman itu (salinan penyimpanan blob, cadangan sebelumnya) sebelum pencadangan berikutnya.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="346"/>
        <source>The sealed record {blob} is damaged in the blob store (its bytes no longer match its SHA-256), so no backup was written. Put it back from an earlier backup before the next one.</source>
        <comment>datacenter_backup_blob_damaged</comment>
        <translation>Rekaman tersegel {blob} rusak di penyimpanan blob (isinya tidak lagi cocok dengan SHA-256-nya), jadi tidak ada cadangan yang ditulis. Kembalikan dari cadangan sebelumnya sebelum pencadangan berikutnya.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="353"/>
        <source>The backup key {file} cannot be read ({error}); nothing was changed.</source>
        <comment>datacenter_backup_key_unreadable</comment>
        <translation>Kunci cadangan {file} tidak dapat dibaca ({error}); tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="358"/>
        <source>{file} is not a backup key (one is {size} bytes); nothing was changed.</source>
        <comment>datacenter_backup_key_invalid</comment>
        <translation>{file} bukan kunci cadangan (kunci cadangan berukuran {size} byte); tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="363"/>
        <source>The backup carries no signature of a data center&apos;s backup key (it was made before backups were signed, or the signature was taken out), so nothing vouches for it; it is refused and nothing was changed.</source>
        <comment>datacenter_backup_unsigned</comment>
        <translation>Cadangan tidak membawa tanda tangan kunci cadangan data center (dibuat sebelum cadangan ditandatangani, atau tanda tangannya dihapus), jadi tidak ada yang menjaminnya; cadangan ditolak dan tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="370"/>
        <source>The backup cannot be checked: there is no {file} here. Give the copy of the old data center&apos;s backup.key kept with the passphrase, with --backup-key FILE or {env}; nothing was changed.</source>
        <comment>datacenter_backup_no_key</comment>
        <translation>Cadangan tidak dapat diperiksa: tidak ada {file} di sini. Berikan salinan backup.key data center lama yang disimpan bersama frasa sandi, dengan --backup-key BERKAS atau {env}; tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="377"/>
        <source>The backup was signed with another backup key than {file}: give the key of the data center that made it with --backup-key FILE; nothing was changed.</source>
        <comment>datacenter_backup_other_key</comment>
        <translation>Cadangan ditandatangani dengan kunci cadangan lain selain {file}: berikan kunci data center yang membuatnya dengan --backup-key BERKAS; tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="383"/>
        <source>The backup was altered after it was made: its signature does not match its contents. It is refused and nothing was changed.</source>
        <comment>datacenter_backup_signature_wrong</comment>
        <translation>Cadangan diubah setelah dibuat: tanda tangannya tidak cocok dengan isinya. Cadangan ditolak dan tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="389"/>
        <source>The backup holds two rows of table {table} with the same {columns} ({value}); it is refused and nothing was changed.</source>
        <comment>datacenter_restore_rows_clash</comment>
        <translation>Cadangan memuat dua baris tabel {table} dengan {columns} yang sama ({value}); cadangan ditolak dan tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="395"/>
        <source>The backup holds two rows of table {table} with the same {columns} (the value is key material and is not shown); it is refused and nothing was changed.</source>
        <comment>datacenter_restore_rows_clash_withheld</comment>
        <translation>Cadangan memuat dua baris tabel {table} dengan {columns} yang sama (nilainya materi kunci dan tidak ditampilkan); cadangan ditolak dan tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="401"/>
        <source>The database refused the backup&apos;s rows of table {table}: a constraint of this database clashes with them. Nothing was changed; the restore can be run again once that is cleared.</source>
        <comment>datacenter_restore_database_refused</comment>
        <translation>Basis data menolak baris cadangan untuk tabel {table}: sebuah batasan basis data ini bertentangan dengannya. Tidak ada yang diubah; pemulihan dapat dijalankan lagi setelah hal itu diatasi.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="408"/>
        <source>The database failed while the backup&apos;s rows were written ({error}). Nothing was changed; the restore can be run again.</source>
        <comment>datacenter_restore_database_failed</comment>
        <translation>Basis data gagal saat baris cadangan ditulis ({error}). Tidak ada yang diubah; pemulihan dapat dijalankan lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="414"/>
        <source>The blob store is full. The sealed records this restore had written were removed again and nothing else was changed; free space and run it again.</source>
        <comment>datacenter_restore_blobs_full</comment>
        <translation>Penyimpanan blob penuh. Rekaman tersegel yang sudah ditulis pemulihan ini dihapus lagi dan tidak ada hal lain yang diubah; kosongkan ruang lalu jalankan lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="27"/>
        <source>The request is larger than the data center accepts ({limit} bytes).</source>
        <comment>body_too_large</comment>
        <translation>Permintaan lebih besar daripada yang diterima data center ({limit} byte).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="622"/>
        <source>--officer is empty: give an officer&apos;s username.</source>
        <comment>cli_officer_empty</comment>
        <translation>--officer kosong: berikan nama pengguna petugas.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="623"/>
        <source>Argument {position} ({argument}) is not UTF-8 text. Type it again in a UTF-8 terminal, or rename the file it names.</source>
        <comment>cli_argument_not_utf8</comment>
        <translation>Argumen ke-{position} ({argument}) bukan teks UTF-8. Ketik ulang di terminal UTF-8, atau ganti nama berkas yang disebutnya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/cli/sentences.py" line="629"/>
        <source>The value of {option} (argument {position}: {argument}) is not UTF-8 text. Type it again in a UTF-8 terminal, or rename the file it names.</source>
        <comment>cli_option_value_not_utf8</comment>
        <translation>Nilai {option} (argumen ke-{position}: {argument}) bukan teks UTF-8. Ketik ulang di terminal UTF-8, atau ganti nama berkas yang disebutnya.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="32"/>
        <source>The body stopped arriving for {seconds} seconds; the data center stopped waiting.</source>
        <comment>body_too_slow</comment>
        <translation>Isi permintaan berhenti terkirim selama {seconds} detik; data center berhenti menunggu.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="177"/>
        <source>The data center is not ready: {parts} cannot be used now (see details).</source>
        <comment>not_ready</comment>
        <translation>Data center belum siap: {parts} tidak dapat dipakai sekarang (lihat rincian).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="182"/>
        <source>This laptop already sends as many records as the data center reads at once; try again in {seconds} seconds.</source>
        <comment>busy</comment>
        <translation>Laptop ini sudah mengirim rekaman sebanyak yang dapat dibaca data center sekaligus; coba lagi dalam {seconds} detik.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="172"/>
        <source>There is no enrolled laptop {device_id} at this data center.</source>
        <comment>datacenter_device_unknown</comment>
        <translation>Tidak ada laptop terdaftar {device_id} di data center ini.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="81"/>
        <source>The record file {name} listed in the export&apos;s manifest is missing.</source>
        <comment>file_missing</comment>
        <translation>Berkas rekaman {name} yang tercantum di manifest ekspor tidak ada.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="91"/>
        <source>The file {name} of the export cannot be read.</source>
        <comment>file_unreadable</comment>
        <translation>Berkas ekspor {name} tidak dapat dibaca.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="177"/>
        <source>The folder {root} cannot be read.</source>
        <comment>usb_folder_unreadable</comment>
        <translation>Folder {root} tidak dapat dibaca.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="178"/>
        <source>Check that the stick is plugged in and the path is right.</source>
        <comment>usb_folder_unreadable.hint</comment>
        <translation>Pastikan flashdisk terpasang dan alamat foldernya benar.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="129"/>
        <source>The data center holds no record {record_id}.</source>
        <comment>record_unknown</comment>
        <translation>Data center tidak menyimpan rekaman {record_id}.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="134"/>
        <source>Received {received} bytes, but {announced} were announced.</source>
        <comment>size_mismatch</comment>
        <translation>Diterima {received} byte, padahal yang diumumkan {announced} byte.</translation>
    </message>
    <message>
        <location filename="../../sync/sentences.py" line="139"/>
        <source>The upload was cut short or altered; send it again.</source>
        <comment>size_mismatch.hint</comment>
        <translation>Unggahan terpotong atau berubah; kirim lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="183"/>
        <source>The data center stores metadata in SQLite or PostgreSQL, not {dialect}.</source>
        <comment>datacenter_database_unsupported</comment>
        <translation>Data center menyimpan metadata di SQLite atau PostgreSQL, bukan {dialect}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="188"/>
        <source>Use sqlite:///FILE or postgresql://USER:PASSWORD@HOST/DATABASE.</source>
        <comment>datacenter_database_unsupported.hint</comment>
        <translation>Pakai sqlite:///BERKAS atau postgresql://PENGGUNA:SANDI@HOST/BASISDATA.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="193"/>
        <source>The data center&apos;s keys are protected by a passphrase ({file}).</source>
        <comment>datacenter_key_needs_passphrase</comment>
        <translation>Kunci data center dilindungi frasa sandi ({file}).</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="198"/>
        <source>Set {env} to the passphrase before starting the data center.</source>
        <comment>datacenter_key_needs_passphrase.hint</comment>
        <translation>Isi {env} dengan frasa sandi sebelum menjalankan data center.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="203"/>
        <source>The passphrase does not open the data center&apos;s key {file}.</source>
        <comment>datacenter_passphrase_wrong</comment>
        <translation>Frasa sandi tidak membuka kunci data center {file}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="208"/>
        <source>Check {env}; the keys are unchanged.</source>
        <comment>datacenter_passphrase_wrong.hint</comment>
        <translation>Periksa {env}; kunci tidak berubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="209"/>
        <source>The record is sealed to the public demo key (training only); this data center refuses demo records. Seal real records to the data center&apos;s key after enrolling the laptop.</source>
        <comment>datacenter_demo_refused</comment>
        <translation>Rekaman disegel dengan kunci demo publik (hanya untuk latihan); data center ini menolak rekaman demo. Segel rekaman sungguhan dengan kunci data center setelah laptop didaftarkan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="216"/>
        <source>The data center hit an error on this export; the others were imported.</source>
        <comment>datacenter_export_bug</comment>
        <translation>Data center mengalami gangguan pada ekspor ini; ekspor lainnya sudah diimpor.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="221"/>
        <source>The data center hit an error on this record; the others were imported.</source>
        <comment>datacenter_record_bug</comment>
        <translation>Data center mengalami gangguan pada rekaman ini; rekaman lainnya sudah diimpor.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="226"/>
        <source>The records were imported, but {file} could not be written.</source>
        <comment>datacenter_receipts_not_written</comment>
        <translation>Rekaman sudah diimpor, tetapi {file} tidak dapat ditulis.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="231"/>
        <source>Key {kid} is not a key of this data center.</source>
        <comment>datacenter_kid_not_held</comment>
        <translation>Kunci {kid} bukan kunci data center ini.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="232"/>
        <source>The key id is longer than {max} characters, so it is not a key of this data center.</source>
        <comment>datacenter_kid_too_long</comment>
        <translation>ID kunci lebih panjang dari {max} karakter, jadi bukan kunci data center ini.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="237"/>
        <source>The hash is not a lowercase hex SHA-256.</source>
        <comment>datacenter_sha256_format</comment>
        <translation>Hash bukan SHA-256 heksadesimal huruf kecil.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="238"/>
        <source>The size must be 1..{max} bytes.</source>
        <comment>datacenter_size_out_of_range</comment>
        <translation>Ukuran harus 1..{max} bita.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="239"/>
        <source>The sequence number must be 0..{max}.</source>
        <comment>datacenter_seq_out_of_range</comment>
        <translation>Nomor urut harus 0..{max}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="240"/>
        <source>The data center already holds this record with different content; the operator has been shown the conflict.</source>
        <comment>datacenter_conflict_shown</comment>
        <translation>Data center sudah menyimpan rekaman ini dengan isi berbeda; konflik sudah ditampilkan kepada operator.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="246"/>
        <source>The record cannot be decrypted.</source>
        <comment>datacenter_cannot_decrypt</comment>
        <translation>Rekaman tidak dapat didekripsi.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="247"/>
        <source>The request is malformed.</source>
        <comment>datacenter_request_malformed</comment>
        <translation>Permintaan tidak sesuai format.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="248"/>
        <source>The connection was closed.</source>
        <comment>datacenter_connection_closed</comment>
        <translation>Koneksi terputus.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="249"/>
        <source>The data center hit an error.</source>
        <comment>datacenter_hit_an_error</comment>
        <translation>Terjadi kesalahan di data center.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="250"/>
        <source>The data center has no such address.</source>
        <comment>datacenter_no_such_path</comment>
        <translation>Alamat ini tidak ada di data center.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="251"/>
        <source>This address does not take that kind of request.</source>
        <comment>datacenter_method_not_allowed</comment>
        <translation>Alamat ini tidak menerima jenis permintaan tersebut.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="256"/>
        <source>The data center refused the request (HTTP {status}).</source>
        <comment>datacenter_http_refused</comment>
        <translation>Data center menolak permintaan (HTTP {status}).</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="261"/>
        <source>The Content-Length header is not a number.</source>
        <comment>datacenter_length_not_a_number</comment>
        <translation>Header Content-Length bukan angka.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="262"/>
        <source>The audit report is malformed: numbers out of range, a hash that is not 64 hex digits, or more than {max} proofs.</source>
        <comment>datacenter_audit_report_invalid</comment>
        <translation>Laporan audit rusak: angka di luar batas, hash yang bukan 64 digit heksadesimal, atau lebih dari {max} bukti.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="268"/>
        <source>Several workers need PostgreSQL (--database postgresql://...): SQLite takes one writing process.</source>
        <comment>datacenter_workers_need_postgresql</comment>
        <translation>Beberapa worker memerlukan PostgreSQL (--database postgresql://...): SQLite hanya menerima satu proses penulis.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="274"/>
        <source>--database holds a password, which every account on this computer can read in the list of processes; nothing was done. Give the password another way: the whole URL in ${env}, the password alone in a file named by {option} FILE or ${file_env}, or in libpq&apos;s ~/.pgpass ($PGPASSFILE).</source>
        <comment>datacenter_database_password_in_argument</comment>
        <translation>--database berisi kata sandi, yang dapat dibaca setiap akun di komputer ini dalam daftar proses; tidak ada yang dikerjakan. Berikan kata sandi dengan cara lain: seluruh URL di ${env}, kata sandinya saja di berkas yang disebut {option} FILE atau ${file_env}, atau di ~/.pgpass milik libpq ($PGPASSFILE).</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="282"/>
        <source>The database URL is not one (sqlite:///FILE or postgresql://USER@HOST/DB); it is not repeated here, because it may hold a password.</source>
        <comment>datacenter_database_url_invalid</comment>
        <translation>URL basis data tidak sah (sqlite:///FILE atau postgresql://USER@HOST/DB); URL itu tidak diulang di sini karena mungkin berisi kata sandi.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="288"/>
        <source>The database password file {file} cannot be read: {cause}.</source>
        <comment>datacenter_database_password_file_unreadable</comment>
        <translation>Berkas kata sandi basis data {file} tidak dapat dibaca: {cause}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="293"/>
        <source>The database password file {file} is empty: its first line is the password.</source>
        <comment>datacenter_database_password_file_empty</comment>
        <translation>Berkas kata sandi basis data {file} kosong: baris pertamanya adalah kata sandi.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="298"/>
        <source>The database was made by a newer FieldKit (schema {revision}; this one knows up to {known}). Install that release again, or restore a backup made by this one.</source>
        <comment>datacenter_database_newer</comment>
        <translation>Basis data ini dibuat oleh FieldKit yang lebih baru (versi susunan data {revision}; versi ini mengenal sampai {known}). Pasang lagi rilis itu, atau pulihkan cadangan yang dibuat oleh versi ini.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="304"/>
        <source>The setting ${name} is &quot;{value}&quot;; it takes {allowed}.</source>
        <comment>datacenter_setting_invalid</comment>
        <translation>Pengaturan ${name} bernilai &quot;{value}&quot;; yang diterima: {allowed}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="309"/>
        <source>The backup cannot be restored ({problem}{member}); nothing was changed.</source>
        <comment>datacenter_backup_invalid</comment>
        <translation>Cadangan tidak dapat dipulihkan ({problem}{member}); tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="420"/>
        <source>This data center already holds {records} records and {devices} laptops; restore onto a fresh one, or give --force to replace them.</source>
        <comment>datacenter_restore_not_empty</comment>
        <translation>Data center ini sudah menyimpan {records} rekaman dan {devices} laptop; pulihkan ke data center baru, atau beri --force untuk menggantinya.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="426"/>
        <source>The object store holding the sealed records cannot be reached ({what}); the record was not stored and the laptop sends it again.</source>
        <comment>datacenter_blobs_unavailable</comment>
        <translation>Penyimpanan objek untuk rekaman tersegel tidak dapat dihubungi ({what}); rekaman tidak disimpan dan laptop mengirimnya lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="432"/>
        <source>The blob store {url} is not s3://BUCKET/PREFIX with an http(s) endpoint.</source>
        <comment>datacenter_blobs_url_invalid</comment>
        <translation>Penyimpanan blob {url} bukan s3://BUCKET/PREFIX dengan endpoint http(s).</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="437"/>
        <source>A sealed record came back from the object store damaged.</source>
        <comment>datacenter_blob_damaged</comment>
        <translation>Rekaman tersegel kembali dari penyimpanan objek dalam keadaan rusak.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="442"/>
        <source>The ketua tim&apos;s decision on record {record_id} does not open with this data center&apos;s key: it was altered in the database.</source>
        <comment>datacenter_review_unreadable</comment>
        <translation>Keputusan ketua tim atas rekaman {record_id} tidak dapat dibuka dengan kunci data center ini: keputusan itu telah diubah di basis data.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="448"/>
        <source>A manifest may announce at most {max} records.</source>
        <comment>datacenter_manifest_too_long</comment>
        <translation>Satu manifest paling banyak mengumumkan {max} data.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="453"/>
        <source>No address for the bundle: give --url https://HOST:PORT (the address laptops reach), or start &apos;fieldkit-datacenter serve&apos; once so it is remembered.</source>
        <comment>datacenter_no_bundle_address</comment>
        <translation>Tidak ada alamat untuk bundel: berikan --url https://HOST:PORT (alamat yang dijangkau laptop), atau jalankan &apos;fieldkit-datacenter serve&apos; sekali agar alamatnya diingat.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="460"/>
        <source>This data directory has no CA yet: run &apos;fieldkit-datacenter serve&apos; once first.</source>
        <comment>datacenter_no_ca</comment>
        <translation>Direktori data ini belum punya CA: jalankan &apos;fieldkit-datacenter serve&apos; sekali lebih dulu.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="465"/>
        <source>The laptop&apos;s public key is not a raw Ed25519 key.</source>
        <comment>datacenter_public_key_invalid</comment>
        <translation>Kunci publik laptop bukan kunci Ed25519 mentah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="470"/>
        <source>RECAPTURE needs --reason: why record the person again.</source>
        <comment>datacenter_recapture_needs_reason</comment>
        <translation>RECAPTURE memerlukan --reason: mengapa orang ini direkam ulang.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="475"/>
        <source>Record {record_id} was sent by several laptops: name one with --device ({devices}).</source>
        <comment>datacenter_record_ambiguous</comment>
        <translation>Data {record_id} dikirim oleh beberapa laptop: sebutkan satu dengan --device ({devices}).</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="480"/>
        <source>Record {record_id} was REJECTED; it cannot move on.</source>
        <comment>datacenter_record_rejected</comment>
        <translation>Data {record_id} DITOLAK; statusnya tidak dapat dilanjutkan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="485"/>
        <source>Record {record_id} may be a duplicate and waits for the office&apos;s decision: decide with &apos;records adjudicate&apos; (or ask for a RECAPTURE).</source>
        <comment>datacenter_record_awaits_adjudication</comment>
        <translation>Data {record_id} mungkin data ganda dan menunggu keputusan kantor: putuskan dengan &apos;records adjudicate&apos; (atau minta RECAPTURE).</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="491"/>
        <source>Record {record_id} was closed as a duplicate; the older record stands. It cannot move on.</source>
        <comment>datacenter_record_closed_duplicate</comment>
        <translation>Data {record_id} sudah ditutup sebagai data ganda; data yang lebih lama tetap berlaku. Statusnya tidak dapat dilanjutkan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="496"/>
        <source>Record {record_id} changed meanwhile (it was {expected}); look at it again and retry.</source>
        <comment>datacenter_state_changed</comment>
        <translation>Data {record_id} berubah sementara itu (tadinya {expected}); periksa lagi lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="501"/>
        <source>Writing an enrollment bundle needs the server extra: pip install &apos;fieldkit[server]&apos;.</source>
        <comment>datacenter_server_extra_missing</comment>
        <translation>Menulis bundel pendaftaran memerlukan paket tambahan server: pip install &apos;fieldkit[server]&apos;.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="506"/>
        <source>State must be one of: {allowed}.</source>
        <comment>datacenter_state_unknown</comment>
        <translation>Status harus salah satu dari: {allowed}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="507"/>
        <source>No FieldKit export found in {root}.</source>
        <comment>usb_no_export</comment>
        <translation>Tidak ada ekspor FieldKit di {root}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="508"/>
        <source>Point at the stick&apos;s folder holding &lt;device_id&gt;/&lt;export_id&gt;/manifest.json.</source>
        <comment>usb_no_export.hint</comment>
        <translation>Tunjuk folder flashdisk yang berisi &lt;device_id&gt;/&lt;export_id&gt;/manifest.json.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="513"/>
        <source>The export&apos;s {file} is not valid ({problem}).</source>
        <comment>usb_export_invalid</comment>
        <translation>{file} pada ekspor tidak valid ({problem}).</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="514"/>
        <source>Export again from the laptop; the folder may have been altered or copied partly.</source>
        <comment>usb_export_invalid.hint</comment>
        <translation>Ekspor lagi dari laptop; folder mungkin berubah atau hanya tersalin sebagian.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="519"/>
        <source>The export&apos;s {name} is not a regular file (a folder, a named pipe or a device); it was not read.</source>
        <comment>usb_file_not_regular</comment>
        <translation>{name} pada ekspor bukan berkas biasa (folder, named pipe, atau perangkat); berkas itu tidak dibaca.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="525"/>
        <source>The export&apos;s {name} is a link to another place; links on a stick are never followed.</source>
        <comment>usb_symlink</comment>
        <translation>{name} pada ekspor adalah tautan ke tempat lain; tautan pada flashdisk tidak pernah diikuti.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="530"/>
        <source>This health report was written at {reported}, before the one the office already has (written at {kept}); the newer one is kept.</source>
        <comment>health_older</comment>
        <translation>Laporan kesehatan ini ditulis pada {reported}, sebelum laporan yang sudah dimiliki kantor (ditulis pada {kept}); laporan yang lebih baru yang disimpan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="536"/>
        <source>The data center keeps one health report of a laptop every {every} seconds; try again in {seconds} seconds.</source>
        <comment>health_too_soon</comment>
        <translation>Pusat data menyimpan satu laporan kesehatan per laptop setiap {every} detik; coba lagi dalam {seconds} detik.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="542"/>
        <source>{name} on the stick is a link to another place; nothing was written, because links on a stick are never followed. Remove the link, then export again.</source>
        <comment>stick_symlink</comment>
        <translation>{name} pada flashdisk adalah tautan ke tempat lain; tidak ada yang ditulis, karena tautan pada flashdisk tidak pernah diikuti. Hapus tautan itu, lalu ekspor lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="548"/>
        <source>The export&apos;s {name} is larger than {max} bytes, so it is not a FieldKit file; it was not read.</source>
        <comment>usb_file_too_large</comment>
        <translation>{name} pada ekspor lebih besar dari {max} byte, jadi bukan berkas FieldKit; berkas itu tidak dibaca.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="554"/>
        <source>Record {record_id} is listed more than once in the export&apos;s manifest; only its first line was imported.</source>
        <comment>usb_duplicate_in_manifest</comment>
        <translation>Data {record_id} tercantum lebih dari sekali dalam manifest ekspor; hanya baris pertamanya yang diimpor.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="564"/>
        <source>Record {record_id} is a training record (sealed to the demo key); it never leaves the office.</source>
        <comment>datacenter_export_training</comment>
        <translation>Rekaman {record_id} adalah rekaman pelatihan (disegel dengan kunci demo); rekaman ini tidak pernah keluar dari kantor.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="569"/>
        <source>Record {record_id} is {state}; only an accepted record can be exported.</source>
        <comment>datacenter_export_not_accepted</comment>
        <translation>Rekaman {record_id} berstatus {state}; hanya rekaman yang sudah diterima yang dapat diekspor.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="574"/>
        <source>Record {record_id} cannot be opened with this data center&apos;s keys, or its stored file is damaged; nothing was written.</source>
        <comment>datacenter_export_unopenable</comment>
        <translation>Rekaman {record_id} tidak dapat dibuka dengan kunci data center ini, atau berkasnya yang tersimpan rusak; tidak ada yang ditulis.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="580"/>
        <source>Record {record_id} holds no images to export.</source>
        <comment>datacenter_export_no_images</comment>
        <translation>Rekaman {record_id} tidak memuat gambar untuk diekspor.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="585"/>
        <source>An image in the record cannot be read ({problem}); nothing was written.</source>
        <comment>datacenter_export_image_unreadable</comment>
        <translation>Sebuah gambar dalam rekaman tidak dapat dibaca ({problem}); tidak ada yang ditulis.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="590"/>
        <source>The folder {folder} does not exist; nothing was written.</source>
        <comment>datacenter_export_no_folder</comment>
        <translation>Folder {folder} tidak ada; tidak ada yang ditulis.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="595"/>
        <source>{path} is a folder or a device, not a file; nothing was written.</source>
        <comment>datacenter_export_not_a_file</comment>
        <translation>{path} adalah folder atau perangkat, bukan berkas; tidak ada yang ditulis.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="600"/>
        <source>{path} could not be written ({cause}); nothing was left there. Choose a folder you may write to, with free space.</source>
        <comment>datacenter_export_unwritable</comment>
        <translation>{path} tidak dapat ditulis ({cause}); tidak ada yang tertinggal di sana. Pilih folder yang boleh Anda tulisi dan masih punya ruang kosong.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="606"/>
        <source>{name} is a link to another place; nothing was written, because an export never writes through a link. Remove the link, or choose another place.</source>
        <comment>datacenter_export_symlink</comment>
        <translation>{name} adalah tautan ke tempat lain; tidak ada yang ditulis, karena ekspor tidak pernah menulis melalui tautan. Hapus tautan itu, atau pilih tempat lain.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="612"/>
        <source>Give a record id with --out FILE, or --waiting with --out FOLDER.</source>
        <comment>datacenter_export_what</comment>
        <translation>Berikan ID rekaman dengan --out BERKAS, atau --waiting dengan --out FOLDER.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="620"/>
        <source>The letterhead file must be a JSON object with only these fields, each text of at most 200 characters or null: {fields}.</source>
        <comment>datacenter_letterhead_invalid</comment>
        <translation>Berkas kop surat harus berupa objek JSON yang hanya berisi kolom berikut, masing-masing teks paling banyak 200 karakter atau null: {fields}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="626"/>
        <source>There is no quality check named {modality}; the checks are: {choices}.</source>
        <comment>datacenter_modality_unknown</comment>
        <translation>Tidak ada pemeriksaan kualitas bernama {modality}; pemeriksaannya adalah: {choices}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="631"/>
        <source>No rule was given; nothing was changed.</source>
        <comment>datacenter_rules_nothing</comment>
        <translation>Tidak ada aturan yang diberikan; tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="632"/>
        <source>The consent text has {length} characters; it may have at most {max}. Shorten it; nothing was changed.</source>
        <comment>datacenter_consent_text_too_long</comment>
        <translation>Teks persetujuan berisi {length} karakter; paling banyak {max}. Persingkat teksnya; tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="638"/>
        <source>The consent text holds a character a laptop cannot show ({codepoint}, character {position}): an invisible or control character, often pasted from another document. Remove it (or type the text again); nothing was changed.</source>
        <comment>datacenter_consent_text_character</comment>
        <translation>Teks persetujuan memuat karakter yang tidak dapat ditampilkan laptop ({codepoint}, karakter ke-{position}): karakter tak terlihat atau karakter kendali, biasanya ikut tersalin dari dokumen lain. Hapus karakter itu (atau ketik ulang teksnya); tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="645"/>
        <source>{file} cannot be read as a UTF-8 text file of at most {max} bytes; nothing was changed.</source>
        <comment>datacenter_consent_text_file</comment>
        <translation>{file} tidak dapat dibaca sebagai berkas teks UTF-8 berukuran paling besar {max} bita; tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="650"/>
        <source>{version} is not a FieldKit version like 0.9.0.</source>
        <comment>datacenter_version_invalid</comment>
        <translation>{version} bukan versi FieldKit seperti 0.9.0.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="655"/>
        <source>An officer named {username} already exists.</source>
        <comment>datacenter_officer_exists</comment>
        <translation>Petugas bernama {username} sudah ada.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="656"/>
        <source>Officer {username} has already logged in; a first-login code is only for an officer who has not.</source>
        <comment>datacenter_officer_logged_in</comment>
        <translation>Petugas {username} sudah pernah login; kode login pertama hanya untuk petugas yang belum.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="662"/>
        <source>Officer {username} is disabled.</source>
        <comment>datacenter_officer_disabled</comment>
        <translation>Petugas {username} dinonaktifkan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="663"/>
        <source>Only an administrator may do this for {username}: an officer with the admin role, whose first-login code opens an administrator&apos;s account on the laptops.</source>
        <comment>datacenter_officer_admin_only</comment>
        <translation>Hanya administrator yang boleh melakukan ini untuk {username}: petugas dengan peran admin, yang kode login pertamanya membuka akun administrator di laptop.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="669"/>
        <source>Officer {username} is not disabled.</source>
        <comment>datacenter_officer_active</comment>
        <translation>Petugas {username} tidak dalam keadaan nonaktif.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="670"/>
        <source>There is no active officer named {username}.</source>
        <comment>datacenter_officer_unknown</comment>
        <translation>Tidak ada petugas aktif bernama {username}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="675"/>
        <source>The region file {file} cannot be read as UTF-8 text.</source>
        <comment>datacenter_regions_unreadable</comment>
        <translation>Berkas wilayah {file} tidak dapat dibaca sebagai teks UTF-8.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="680"/>
        <source>Row {row} of the region file is not a code and a name (code,name); nothing was imported.</source>
        <comment>datacenter_regions_row_invalid</comment>
        <translation>Baris {row} pada berkas wilayah bukan kode dan nama (kode,nama); tidak ada yang diimpor.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="685"/>
        <source>The plan&apos;s {field} is missing or not valid; nothing was changed.</source>
        <comment>datacenter_plan_field_invalid</comment>
        <translation>Kolom rencana {field} kosong atau tidak valid; tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="690"/>
        <source>The office package for {device} would be {size} MiB, over the {budget} MiB budget (laptops refuse a package over {cap} MiB); nothing was written. It carries {recorded} already-recorded people and {targets} targets: give each visit to its laptop (plan visit add --laptop) so a package carries only that laptop&apos;s targets.</source>
        <comment>datacenter_package_too_large</comment>
        <translation>Paket kantor untuk {device} akan berukuran {size} MB, melebihi batas {budget} MB (laptop menolak paket di atas {cap} MB); tidak ada yang ditulis. Paket ini memuat {recorded} orang yang sudah direkam dan {targets} sasaran: tetapkan setiap kunjungan ke laptopnya (plan visit add --laptop) agar paket hanya memuat sasaran laptop itu.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="698"/>
        <source>The plan&apos;s {field} must be one of: {choices}.</source>
        <comment>datacenter_plan_choice_invalid</comment>
        <translation>Kolom rencana {field} harus salah satu dari: {choices}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="703"/>
        <source>There is no plan request {request}.</source>
        <comment>datacenter_request_unknown</comment>
        <translation>Tidak ada permohonan rencana {request}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="704"/>
        <source>There is no planned visit {visit}.</source>
        <comment>datacenter_visit_unknown</comment>
        <translation>Tidak ada kunjungan terencana {visit}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="705"/>
        <source>No single enrolled laptop is named {laptop} (a device id or a hostname).</source>
        <comment>datacenter_laptop_unknown</comment>
        <translation>Tidak ada tepat satu laptop terdaftar bernama {laptop} (ID perangkat atau nama host).</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="761"/>
        <source>No office code is set, so no package is made: run fieldkit-datacenter office set CODE.</source>
        <comment>datacenter_office_not_set</comment>
        <translation>Kode kantor belum diatur, jadi tidak ada paket yang dibuat: jalankan fieldkit-datacenter office set KODE.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="781"/>
        <source>The FieldKit {version} installer is not signed by a FieldKit release key, so it is not offered: every laptop would refuse it. Sign it with the release key (scripts/sign_release.py) and offer the .sig written for this very file.</source>
        <comment>release_signature_invalid</comment>
        <translation>Installer FieldKit {version} tidak ditandatangani dengan kunci rilis FieldKit, jadi tidak ditawarkan: setiap laptop akan menolaknya. Tandatangani dengan kunci rilis (scripts/sign_release.py) dan tawarkan berkas .sig yang dibuat khusus untuk berkas ini.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="809"/>
        <source>The ABIS message is larger than {max} bytes, so it is not one; it was refused.</source>
        <comment>abis_message_too_large</comment>
        <translation>Pesan ABIS lebih besar dari {max} byte, jadi bukan pesan ABIS; pesan itu ditolak.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="814"/>
        <source>The ABIS message is not a JSON object; it was refused.</source>
        <comment>abis_not_json</comment>
        <translation>Pesan ABIS bukan objek JSON; pesan itu ditolak.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="819"/>
        <source>The ABIS message has a field the ABIS API v1.1 does not know ({field}); it was refused.</source>
        <comment>abis_field_unknown</comment>
        <translation>Pesan ABIS memuat kolom yang tidak dikenal ABIS API v1.1 ({field}); pesan itu ditolak.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="824"/>
        <source>The ABIS message lacks its {field}; it was refused.</source>
        <comment>abis_field_missing</comment>
        <translation>Pesan ABIS tidak memuat {field}; pesan itu ditolak.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="829"/>
        <source>The ABIS message&apos;s {field} is not of the ABIS API&apos;s form; it was refused.</source>
        <comment>abis_field_invalid</comment>
        <translation>{field} pada pesan ABIS tidak sesuai bentuk ABIS API; pesan itu ditolak.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="834"/>
        <source>The ABIS message&apos;s id {value} is not mosip.abis.insert or mosip.abis.identify; it was refused.</source>
        <comment>abis_id_invalid</comment>
        <translation>id pesan ABIS {value} bukan mosip.abis.insert atau mosip.abis.identify; pesan itu ditolak.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="840"/>
        <source>The ABIS message&apos;s version {value} is not 1.1; it was refused.</source>
        <comment>abis_version_invalid</comment>
        <translation>Versi pesan ABIS {value} bukan 1.1; pesan itu ditolak.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="845"/>
        <source>The ABIS answer&apos;s returnValue {value} is neither 1 (success) nor 2 (failure); it was refused.</source>
        <comment>abis_return_value_invalid</comment>
        <translation>returnValue jawaban ABIS {value} bukan 1 (berhasil) dan bukan 2 (gagal); jawaban itu ditolak.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="850"/>
        <source>The ABIS answer&apos;s failureReason {value} is not one of the ABIS API&apos;s (1 to 18); it was refused.</source>
        <comment>abis_failure_reason_invalid</comment>
        <translation>failureReason jawaban ABIS {value} tidak termasuk kode ABIS API (1 sampai 18); jawaban itu ditolak.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="856"/>
        <source>The ABIS answer counts {count} candidates but lists {listed}; it was refused.</source>
        <comment>abis_count_mismatch</comment>
        <translation>Jawaban ABIS menyebut {count} kandidat tetapi mendaftar {listed}; jawaban itu ditolak.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="861"/>
        <source>The ABIS answer is for request {request_id}, which this data center never sent; it was refused and nothing was decided.</source>
        <comment>abis_request_unknown</comment>
        <translation>Jawaban ABIS ini untuk permintaan {request_id}, yang tidak pernah dikirim data center ini; jawaban itu ditolak dan tidak ada yang diputuskan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="867"/>
        <source>The ABIS answer to request {request_id} is not for a {operation}; it was refused and nothing was decided.</source>
        <comment>abis_operation_mismatch</comment>
        <translation>Jawaban ABIS untuk permintaan {request_id} bukan jawaban {operation}; jawaban itu ditolak dan tidak ada yang diputuskan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="873"/>
        <source>Request {request_id} was answered already; this second answer was refused and nothing was decided again.</source>
        <comment>abis_answer_replayed</comment>
        <translation>Permintaan {request_id} sudah dijawab; jawaban kedua ini ditolak dan tidak ada yang diputuskan lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="879"/>
        <source>{folder} is not a folder (a file, or a link to another place); the ABIS queue needs a folder of its own.</source>
        <comment>abis_queue_not_a_folder</comment>
        <translation>{folder} bukan folder (sebuah berkas, atau tautan ke tempat lain); antrean ABIS memerlukan folder sendiri.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="885"/>
        <source>The ABIS could not take this reference; its answer gives the failure reason.</source>
        <comment>abis_engine_refused</comment>
        <translation>ABIS tidak dapat menerima rujukan ini; jawabannya menyebut alasan kegagalannya.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="927"/>
        <source>Give the ABIS queue&apos;s folder: --abis-queue DIR, or FIELDKIT_DATACENTER_ABIS_QUEUE.</source>
        <comment>abis_queue_not_set</comment>
        <translation>Sebutkan folder antrean ABIS: --abis-queue DIR, atau FIELDKIT_DATACENTER_ABIS_QUEUE.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="936"/>
        <source>The card UID {uid} is not one: write its 8 or 14 hex digits (0-9, A-F), as the card reader shows them.</source>
        <comment>datacenter_card_uid_invalid</comment>
        <translation>UID kartu {uid} tidak sah: tulis 8 atau 14 digit heksadesimal (0-9, A-F), seperti yang ditampilkan pembaca kartu.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="942"/>
        <source>The print date {day} is after today ({today}): write the day the card was printed.</source>
        <comment>datacenter_card_date_future</comment>
        <translation>Tanggal cetak {day} setelah hari ini ({today}): tulis tanggal kartu dicetak.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="947"/>
        <source>Write the print date as YYYY-MM-DD, for example 2026-11-27 (not {day}).</source>
        <comment>datacenter_card_date_invalid</comment>
        <translation>Tulis tanggal cetak sebagai TTTT-BB-HH, misalnya 2026-11-27 (bukan {day}).</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="952"/>
        <source>Record {record_id} is not ready to print (it is {state}): a card is marked printed only for a PRINT_READY_RECORD.</source>
        <comment>datacenter_card_not_print_ready</comment>
        <translation>Rekaman {record_id} belum siap cetak (statusnya {state}): KTP-el hanya ditandai dicetak untuk PRINT_READY_RECORD.</translation>
    </message>
    <message>
        <location filename="../../sync/server/sentences.py" line="958"/>
        <source>The card UID {uid} is already stored for another card: check the UID read from the card.</source>
        <comment>datacenter_card_uid_used</comment>
        <translation>UID kartu {uid} sudah tersimpan untuk kartu lain: periksa UID yang dibaca dari kartu.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="204"/>
        <source>No password given: set {env} or run in a terminal to be asked.</source>
        <comment>auth_no_password.hint</comment>
        <translation>Tidak ada kata sandi: isi {env} atau jalankan di terminal agar ditanya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="97"/>
        <source>Complete it with: fieldkit sarpras checkout --visit {visit}, then have the ketua tim sign it: fieldkit sarpras sign --visit {visit}.</source>
        <comment>recording_blocked.hint</comment>
        <translation>Lengkapi dengan: fieldkit sarpras checkout --visit {visit}, lalu minta ketua tim menandatanganinya: fieldkit sarpras sign --visit {visit}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="103"/>
        <source>Complete it with: fieldkit sarpras checkout --visit {visit}, then have the ketua tim sign it: fieldkit sarpras sign --visit {visit}.</source>
        <comment>recording_blocked_incomplete.hint</comment>
        <translation>Lengkapi dengan: fieldkit sarpras checkout --visit {visit}, lalu minta ketua tim menandatanganinya: fieldkit sarpras sign --visit {visit}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="109"/>
        <source>The ketua tim signs it with: fieldkit sarpras sign --visit {visit}.</source>
        <comment>recording_blocked_unsigned.hint</comment>
        <translation>Ketua tim menandatanganinya dengan: fieldkit sarpras sign --visit {visit}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="258"/>
        <source>Enroll it first on the Sinkronisasi screen, or: fieldkit sync enroll --bundle FILE (the file from &apos;fieldkit-datacenter codes new --bundle-out FILE&apos;).</source>
        <comment>recording_needs_datacenter.hint</comment>
        <translation>Daftarkan dulu di layar Sinkronisasi, atau: fieldkit sync enroll --bundle BERKAS (berkas dari &apos;fieldkit-datacenter codes new --bundle-out BERKAS&apos;).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="209"/>
        <source>Record on the training visit (Desa Latihan, LATIHAN), or turn training mode off in Settings to record with the real devices.</source>
        <comment>training_mixes_with_real_work.hint</comment>
        <translation>Rekam pada kunjungan latihan (Desa Latihan, LATIHAN), atau matikan mode latihan di Pengaturan untuk merekam dengan perangkat sungguhan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="265"/>
        <source>Run the sync (fieldkit sync) as soon as there is a network.</source>
        <comment>enrollment_frozen.hint</comment>
        <translation>Jalankan sinkronisasi (fieldkit sync) segera setelah ada jaringan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="215"/>
        <source>Mark recorded vulnerable people first: fieldkit referral mark TARGET_ID.</source>
        <comment>empty_referral_list.hint</comment>
        <translation>Tandai dulu penduduk rentan yang sudah direkam: fieldkit referral mark TARGET_ID.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/handover/sentences.py" line="67"/>
        <source>Run &apos;fieldkit sync status&apos; to pull the data center&apos;s latest states.</source>
        <comment>not_printed.hint</comment>
        <translation>Jalankan &apos;fieldkit sync status&apos; untuk mengambil status terbaru dari data center.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/receipts/sentences.py" line="19"/>
        <source>The receipt is kept only until the record is purged; the office can look the person up by the record id on an earlier printed receipt.</source>
        <comment>receipt_gone.hint</comment>
        <translation>Tanda terima hanya disimpan sampai data dihapus; kantor dapat mencari orangnya dengan ID data pada tanda terima cetak sebelumnya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="41"/>
        <source>Capture or copy the file again.</source>
        <comment>image_unreadable.hint</comment>
        <translation>Rekam atau salin berkasnya lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="270"/>
        <source>Check the number on the KK; a NIK has 16 digits.</source>
        <comment>invalid_nik.hint</comment>
        <translation>Periksa nomornya di KK; NIK terdiri dari 16 angka.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="220"/>
        <source>Use a phrase of a few words with a digit, at least {min} characters.</source>
        <comment>password_too_short.hint</comment>
        <translation>Pakai frasa beberapa kata dengan angka, paling sedikit {min} karakter.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="225"/>
        <source>Check the user name, or ask an admin to add you.</source>
        <comment>auth_unknown_officer.hint</comment>
        <translation>Periksa nama pengguna, atau minta admin menambahkan Anda.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="230"/>
        <source>Log in with your password and bind the card (Settings or fieldkit officer card-bind).</source>
        <comment>auth_card_not_bound.hint</comment>
        <translation>Masuk dengan kata sandi dan ikat kartunya (Pengaturan atau fieldkit officer card-bind).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="235"/>
        <source>Use the card or the password of {username}.</source>
        <comment>auth_card_of_another_officer.hint</comment>
        <translation>Pakai kartu atau kata sandi {username}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="240"/>
        <source>Ask an admin of your office.</source>
        <comment>auth_disabled.hint</comment>
        <translation>Tanyakan kepada admin kantor Anda.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="241"/>
        <source>Create one with: fieldkit init --office-code KODE --officer USER --role admin</source>
        <comment>store_not_initialised.hint</comment>
        <translation>Buat dengan: fieldkit init --office-code KODE --officer USER --role admin</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="246"/>
        <source>Log in to it, or choose another folder with FIELDKIT_HOME.</source>
        <comment>store_already_initialised.hint</comment>
        <translation>Masuk ke sana, atau pilih folder lain dengan FIELDKIT_HOME.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="251"/>
        <source>Restore keyring.json from the office&apos;s backup of this laptop.</source>
        <comment>store_keyring_damaged.hint</comment>
        <translation>Pulihkan keyring.json dari cadangan kantor untuk laptop ini.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="256"/>
        <source>Free some space (for example, sync and purge finished records), then retry.</source>
        <comment>store_disk_full.hint</comment>
        <translation>Kosongkan sebagian ruang (misalnya sinkronkan dan hapus data yang selesai), lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="261"/>
        <source>Check that the disk is not write-protected and that you own the folder.</source>
        <comment>store_read_only.hint</comment>
        <translation>Pastikan disk tidak terkunci dari penulisan dan folder itu milik Anda.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="266"/>
        <source>Check that the folder exists and that you may write to it.</source>
        <comment>store_io_error.hint</comment>
        <translation>Pastikan folder itu ada dan Anda boleh menulis ke sana.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="271"/>
        <source>Restore the latest good backup: fieldkit store restore</source>
        <comment>store_corrupted.hint</comment>
        <translation>Pulihkan cadangan baik terakhir: fieldkit store restore</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="276"/>
        <source>Install the newer FieldKit on this laptop.</source>
        <comment>store_too_new.hint</comment>
        <translation>Pasang FieldKit yang lebih baru di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="283"/>
        <source>No password was typed: nothing was checked, and no attempt was counted.</source>
        <comment>auth_empty_password</comment>
        <translation>Kata sandi belum diisi: tidak ada yang diperiksa, dan tidak dihitung sebagai percobaan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="298"/>
        <source>This account is disabled. Ask the admin of your office.</source>
        <comment>auth_disabled</comment>
        <translation>Akun ini dinonaktifkan. Hubungi admin kantor Anda.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="305"/>
        <source>The disk is full. The last change was not saved; everything saved before it is safe. Free some space, then try again.</source>
        <comment>store_disk_full</comment>
        <translation>Disk penuh. Perubahan terakhir tidak tersimpan; semua yang tersimpan sebelumnya aman. Kosongkan sebagian ruang, lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="317"/>
        <source>The data file is damaged. Ask the operator to restore the latest backup (fieldkit store restore); the damaged file is kept, not deleted.</source>
        <comment>store_corrupted</comment>
        <translation>Berkas data rusak. Minta operator memulihkan cadangan terakhir (fieldkit store restore); berkas yang rusak disimpan, tidak dihapus.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="381"/>
        <source>The office set this rule ({rule}): it may be made stricter than {office_value}, never looser.</source>
        <comment>rule_set_by_office</comment>
        <translation>Aturan ini ditetapkan kantor ({rule}): boleh dibuat lebih ketat dari {office_value}, tidak boleh lebih longgar.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="386"/>
        <source>{username} has not logged in on this laptop yet. Ask a colleague who is logged in to open &apos;First login&apos; and type the one-time code from the office.</source>
        <comment>auth_first_login_pending</comment>
        <translation>{username} belum pernah masuk di laptop ini. Minta rekan yang sedang masuk membuka &apos;Masuk pertama kali&apos; lalu ketik kode sekali pakai dari kantor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="392"/>
        <source>This person was already recorded on {date} (the office&apos;s list). Give a reason to record them again.</source>
        <comment>already_recorded_at_office</comment>
        <translation>Orang ini sudah direkam pada {date} (daftar dari kantor). Isi alasan untuk merekam ulang.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="398"/>
        <source>The reason to record an already recorded person again needs at least {min} characters.</source>
        <comment>recapture_reason_short</comment>
        <translation>Alasan merekam ulang orang yang sudah direkam minimal {min} karakter.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="404"/>
        <source>The record of this NIK made on {date} waits for the office&apos;s decision on a possible duplicate; recording again makes another duplicate. Give a reason to record them again.</source>
        <comment>duplicate_awaits_decision</comment>
        <translation>Rekaman NIK ini tanggal {date} menunggu keputusan kantor atas kemungkinan data ganda; merekam lagi menambah satu data ganda. Beri alasan untuk merekamnya lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="277"/>
        <source>Wrong password. Check Caps Lock and try again; {tries_left} attempt(s) left before the account is locked for a while.</source>
        <comment>auth_wrong_password</comment>
        <translation>Kata sandi salah. Periksa Caps Lock lalu coba lagi; sisa {tries_left} kali percobaan sebelum akun dikunci sementara.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="23"/>
        <source>Only a simulated device can be unplugged from FieldKit; pull a real one&apos;s cable.</source>
        <comment>device_not_simulated</comment>
        <translation>Hanya perangkat simulator yang dapat dicabut dari FieldKit; perangkat sungguhan dicabut kabelnya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="288"/>
        <source>The current password is wrong; the password was not changed.</source>
        <comment>auth_wrong_current_password</comment>
        <translation>Kata sandi lama salah; kata sandi tidak diubah.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="293"/>
        <source>There is no officer with the user name {username} on this laptop.</source>
        <comment>auth_unknown_officer</comment>
        <translation>Tidak ada petugas dengan nama pengguna {username} di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="299"/>
        <source>Your role ({role}) may not do this; it needs: {allowed}.</source>
        <comment>auth_forbidden</comment>
        <translation>Peran Anda ({role}) tidak boleh melakukan ini; yang boleh: {allowed}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="300"/>
        <source>FieldKit cannot write to {path}: the disk or folder is read-only.</source>
        <comment>store_read_only</comment>
        <translation>FieldKit tidak dapat menulis ke {path}: disk atau folder hanya-baca.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="311"/>
        <source>This data was written by a newer FieldKit (schema {revision}; this one knows up to {known}). Install the newer version; nothing was changed.</source>
        <comment>store_too_new</comment>
        <translation>Data ini ditulis oleh FieldKit versi lebih baru (versi susunan data {revision}; versi ini hanya mengenal sampai {known}). Pasang versi yang lebih baru; tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="323"/>
        <source>The key file {path} of this laptop is damaged.</source>
        <comment>store_keyring_damaged</comment>
        <translation>Berkas kunci {path} di laptop ini rusak.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/store/sentences.py" line="30"/>
        <source>The staff card&apos;s key on this laptop is damaged. Log in with your password and bind the card again.</source>
        <comment>store_card_slot_damaged</comment>
        <translation>Kunci kartu petugas di laptop ini rusak. Masuk dengan kata sandi Anda, lalu ikat ulang kartunya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/store/sentences.py" line="36"/>
        <source>The account {username} was recognised, but its key on this laptop is damaged. Another officer of the team can reset this account.</source>
        <comment>store_key_slot_damaged</comment>
        <translation>Akun {username} dikenali, tetapi kuncinya di laptop ini rusak. Petugas lain dalam tim dapat mengatur ulang akun ini.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="324"/>
        <source>This card is not bound to an officer on this laptop. Log in with your password, then bind the card in Settings.</source>
        <comment>auth_card_not_bound</comment>
        <translation>Kartu ini belum terhubung ke petugas di laptop ini. Masuk dengan kata sandi, lalu hubungkan kartu di Pengaturan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="330"/>
        <source>This staff card belongs to another officer. The screen stays locked: use your own card or your password.</source>
        <comment>auth_card_of_another_officer</comment>
        <translation>Kartu petugas ini milik petugas lain. Layar tetap terkunci: gunakan kartu atau kata sandi Anda sendiri.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="290"/>
        <source>Recording cannot start: this laptop is not enrolled with a data center yet, so nothing recorded could be delivered. Enroll it on the Sync screen first.</source>
        <comment>recording_needs_datacenter</comment>
        <translation>Perekaman belum bisa dimulai: laptop ini belum terdaftar di data center, jadi hasil rekaman tidak akan bisa dikirim. Daftarkan dulu di layar Sinkronisasi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="336"/>
        <source>Training and real work do not mix: record real people with training mode off, and train on the training visit (Desa Latihan).</source>
        <comment>training_mixes_with_real_work</comment>
        <translation>Latihan dan pekerjaan sungguhan tidak boleh bercampur: rekam penduduk sungguhan dengan mode latihan mati, dan berlatihlah pada kunjungan latihan (Desa Latihan).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="342"/>
        <source>The data center&apos;s certificate does not match the fingerprint you were given. Nothing was sent and the code is still valid: check the address and each group of the fingerprint with the operator (or open the enrollment file), then try again with the same code.</source>
        <comment>sync_fingerprint_mismatch</comment>
        <translation>Sertifikat data center tidak cocok dengan sidik jari yang diberikan. Tidak ada yang terkirim dan kode masih berlaku: periksa alamat dan setiap kelompok sidik jari bersama operator (atau buka berkas pendaftaran), lalu coba lagi dengan kode yang sama.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="350"/>
        <source>The data center&apos;s CA fingerprint is required. Open the enrollment file from the operator, or type the fingerprint that &apos;fieldkit-datacenter serve&apos; prints.</source>
        <comment>sync_fingerprint_required</comment>
        <translation>Sidik jari CA data center wajib diisi. Buka berkas pendaftaran dari operator, atau ketik sidik jari yang dicetak oleh &apos;fieldkit-datacenter serve&apos;.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="356"/>
        <source>The CA fingerprint must be 16 groups of 4 hexadecimal digits.</source>
        <comment>sync_invalid_fingerprint</comment>
        <translation>Sidik jari CA harus 16 kelompok berisi 4 digit heksadesimal.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/errors_sentences.py" line="361"/>
        <source>This file is not an enrollment file. Choose the .json or .png file written by &apos;fieldkit-datacenter codes new --bundle-out&apos;.</source>
        <comment>sync_bundle_invalid</comment>
        <translation>Berkas ini bukan berkas pendaftaran. Pilih berkas .json atau .png yang dibuat oleh &apos;fieldkit-datacenter codes new --bundle-out&apos;.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/errors_sentences.py" line="367"/>
        <source>Too many wrong passwords. The account is locked for %n minute(s).</source>
        <comment>auth_locked_out.minutes</comment>
        <translation>
            <numerusform>Terlalu banyak kata sandi salah. Akun dikunci selama %Ln menit.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="15"/>
        <location filename="../../sync/sentences.py" line="142"/>
        <source>The office package is not a package this laptop can read ({field}); nothing was changed.</source>
        <comment>package_malformed</comment>
        <translation>Paket kantor ini bukan paket yang dapat dibaca laptop ini ({field}); tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="20"/>
        <source>This office package (version {version}) is older than the one already applied (version {applied}); nothing was changed.</source>
        <comment>office_package_older</comment>
        <translation>Paket kantor ini (versi {version}) lebih lama dari yang sudah diterapkan (versi {applied}); tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="26"/>
        <source>This office package is for office {office}, not for this laptop&apos;s office {ours}; nothing was changed.</source>
        <comment>office_package_other_office</comment>
        <translation>Paket kantor ini untuk kantor {office}, bukan kantor laptop ini {ours}; tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="32"/>
        <source>{username} has no first login waiting on this laptop.</source>
        <comment>first_login_not_pending</comment>
        <translation>Tidak ada login pertama yang menunggu untuk {username} di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="35"/>
        <source>The one-time code is wrong ({failures} of {limit} tries used).</source>
        <comment>first_login_code_wrong</comment>
        <translation>Kode sekali pakai salah ({failures} dari {limit} percobaan terpakai).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="40"/>
        <source>The one-time code expired on {expires}. Ask the office for a new code.</source>
        <comment>first_login_code_expired</comment>
        <translation>Kode sekali pakai kedaluwarsa pada {expires}. Minta kode baru ke kantor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="45"/>
        <source>Too many wrong codes for {username}. Ask the office for a new code.</source>
        <comment>first_login_locked</comment>
        <translation>Terlalu banyak kode salah untuk {username}. Minta kode baru ke kantor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/update/sentences.py" line="13"/>
        <source>The FieldKit {version} installer is not signed by a FieldKit release key; it was deleted and not installed.</source>
        <comment>update_signature_invalid</comment>
        <translation>Installer FieldKit {version} tidak ditandatangani dengan kunci rilis FieldKit; installer dihapus dan tidak dipasang.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/update/sentences.py" line="19"/>
        <source>Do not install it another way. Tell the office&apos;s IT staff: the file was changed on the way, or it is not a FieldKit release.</source>
        <comment>update_signature_invalid.hint</comment>
        <translation>Jangan memasangnya dengan cara lain. Beri tahu staf TI kantor: berkas diubah di perjalanan, atau bukan rilis FieldKit.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/update/sentences.py" line="25"/>
        <source>FieldKit {version} is not newer than the FieldKit {installed} on this laptop; nothing was installed.</source>
        <comment>update_version_not_newer</comment>
        <translation>FieldKit {version} tidak lebih baru daripada FieldKit {installed} di laptop ini; tidak ada yang dipasang.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/update/sentences.py" line="31"/>
        <source>{version} is not a FieldKit version number.</source>
        <comment>update_version_invalid</comment>
        <translation>{version} bukan nomor versi FieldKit.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/update/sentences.py" line="36"/>
        <source>This FieldKit has no release key to check an update with ({file}).</source>
        <comment>update_keys_missing</comment>
        <translation>FieldKit ini tidak memiliki kunci rilis untuk memeriksa pembaruan ({file}).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/update/sentences.py" line="41"/>
        <source>The installer {file} cannot be read: {cause}</source>
        <comment>update_file_unreadable</comment>
        <translation>Installer {file} tidak dapat dibaca: {cause}</translation>
    </message>
    <message>
        <location filename="../../fieldkit/update/sentences.py" line="46"/>
        <source>The office offers no FieldKit update.</source>
        <comment>update_not_offered</comment>
        <translation>Kantor tidak menawarkan pembaruan FieldKit.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/update/sentences.py" line="51"/>
        <source>The update is {size} bytes, more than the {limit} bytes an installer may have; it was not downloaded.</source>
        <comment>update_too_large</comment>
        <translation>Pembaruan berukuran {size} byte, lebih dari {limit} byte yang boleh dimiliki installer; pembaruan tidak diunduh.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/update/sentences.py" line="57"/>
        <source>The download of FieldKit {version} stopped after {got} of {expected} bytes; it was deleted. Try again.</source>
        <comment>update_incomplete</comment>
        <translation>Unduhan FieldKit {version} berhenti setelah {got} dari {expected} byte; unduhan dihapus. Coba lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/update/sentences.py" line="63"/>
        <source>The data center&apos;s answer is not a FieldKit update ({problem}).</source>
        <comment>update_bad_answer</comment>
        <translation>Jawaban data center bukan pembaruan FieldKit ({problem}).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/update/sentences.py" line="68"/>
        <source>The update cannot be saved in {folder}: {cause}</source>
        <comment>update_write_failed</comment>
        <translation>Pembaruan tidak dapat disimpan di {folder}: {cause}</translation>
    </message>
    <message>
        <location filename="../../fieldkit/update/sentences.py" line="73"/>
        <source>This update is for FieldKit on Windows. On Linux, install the new release the office gives you (its install.sh, or your package manager).</source>
        <comment>update_windows_only</comment>
        <translation>Pembaruan ini untuk FieldKit di Windows. Di Linux, pasang rilis baru yang diberikan kantor (install.sh-nya, atau pengelola paket Anda).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/update/sentences.py" line="79"/>
        <source>The FieldKit {version} installer could not be started: {cause}</source>
        <comment>update_start_failed</comment>
        <translation>Installer FieldKit {version} tidak dapat dijalankan: {cause}</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="169"/>
        <source>A console password must be at least {min} characters long; nothing was changed.</source>
        <comment>console_password_too_short</comment>
        <translation>Kata sandi konsol harus sekurang-kurangnya {min} karakter; tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="174"/>
        <source>A console password may be at most {max} characters long; nothing was changed.</source>
        <comment>console_password_too_long</comment>
        <translation>Kata sandi konsol paling banyak {max} karakter; tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="179"/>
        <source>The two passwords typed differ; nothing was changed.</source>
        <comment>console_passwords_differ</comment>
        <translation>Kedua kata sandi yang diketik berbeda; tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="184"/>
        <source>No password was given: set FIELDKIT_DATACENTER_NEW_PASSWORD or type it at the prompt; nothing was changed.</source>
        <comment>console_password_not_given</comment>
        <translation>Kata sandi tidak diberikan: isi FIELDKIT_DATACENTER_NEW_PASSWORD atau ketik di prompt; tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="190"/>
        <source>{role} is not a console role: choose {choices}.</source>
        <comment>console_role_unknown</comment>
        <translation>{role} bukan peran konsol: pilih {choices}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="195"/>
        <source>Only an administrator may manage console accounts; nothing was changed.</source>
        <comment>console_admin_only</comment>
        <translation>Hanya administrator yang boleh mengelola akun konsol; tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="200"/>
        <source>There is no console account {name}.</source>
        <comment>console_account_unknown</comment>
        <translation>Tidak ada akun konsol {name}.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="201"/>
        <source>A console account {name} already exists; nothing was changed.</source>
        <comment>console_account_exists</comment>
        <translation>Akun konsol {name} sudah ada; tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="206"/>
        <source>You cannot disable your own account {name}; ask another administrator.</source>
        <comment>console_disable_self</comment>
        <translation>Anda tidak dapat menonaktifkan akun Anda sendiri ({name}); mintalah administrator lain.</translation>
    </message>
    <message>
        <location filename="../../sync/server/console/sentences.py" line="211"/>
        <source>{name} is the last active administrator and cannot be disabled; add another administrator first. Nothing was changed.</source>
        <comment>console_last_admin</comment>
        <translation>{name} adalah administrator aktif terakhir dan tidak dapat dinonaktifkan; tambahkan administrator lain lebih dulu. Tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/cosign_sentences.py" line="11"/>
        <source>The office does not offer the ketua tim&apos;s countersign on the spot on this laptop; the record goes to the ketua tim&apos;s review.</source>
        <comment>cosign_not_offered</comment>
        <translation>Kantor tidak menyediakan tanda tangan ketua tim di tempat pada laptop ini; rekaman menunggu tinjauan ketua tim.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/cosign_sentences.py" line="17"/>
        <source>This staff card is not a ketua tim&apos;s: only the ketua tim may countersign on the spot.</source>
        <comment>cosign_not_ketua</comment>
        <translation>Kartu petugas ini bukan milik ketua tim: hanya ketua tim yang boleh menandatangani di tempat.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/cosign_sentences.py" line="22"/>
        <source>The officer who recorded this person cannot countersign it; another ketua tim may, or it goes to the review.</source>
        <comment>cosign_own_work</comment>
        <translation>Petugas yang merekam orang ini tidak boleh menandatanganinya; ketua tim lain boleh, atau rekaman menunggu tinjauan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/cosign_sentences.py" line="28"/>
        <source>Nothing here waits for a countersign: it may be countersigned already.</source>
        <comment>cosign_nothing</comment>
        <translation>Tidak ada yang menunggu tanda tangan di sini: mungkin sudah ditandatangani.</translation>
    </message>
    <message>
        <location filename="../../sync/server/dedup/sentences.py" line="31"/>
        <source>Give the decision&apos;s reason in at least {min} characters.</source>
        <comment>dedup_reason_too_short</comment>
        <translation>Tulis alasan keputusan paling sedikit {min} karakter.</translation>
    </message>
    <message>
        <location filename="../../sync/server/dedup/sentences.py" line="36"/>
        <source>Record {record_id} is {state}: only a record waiting for adjudication (DUPLICATE_RECORD) can be decided.</source>
        <comment>dedup_not_awaiting_adjudication</comment>
        <translation>Rekaman {record_id} berstatus {state}: hanya rekaman yang menunggu keputusan (DUPLICATE_RECORD) yang dapat diputuskan.</translation>
    </message>
    <message>
        <location filename="../../sync/server/dedup/sentences.py" line="42"/>
        <source>A duplicate needs the other record: --duplicate-of RECORD_ID.</source>
        <comment>dedup_other_needed</comment>
        <translation>Data ganda harus menyebut rekaman lainnya: --duplicate-of RECORD_ID.</translation>
    </message>
    <message>
        <location filename="../../sync/server/dedup/sentences.py" line="47"/>
        <source>&apos;Not a duplicate&apos; names no other record.</source>
        <comment>dedup_other_unexpected</comment>
        <translation>Keputusan &apos;bukan data ganda&apos; tidak menyebut rekaman lain.</translation>
    </message>
    <message>
        <location filename="../../sync/server/dedup/sentences.py" line="52"/>
        <source>Record {other} is not among record {record_id}&apos;s candidates ({candidates}).</source>
        <comment>dedup_other_not_candidate</comment>
        <translation>Rekaman {other} bukan kandidat rekaman {record_id} ({candidates}).</translation>
    </message>
    <message>
        <location filename="../../sync/server/dedup/sentences.py" line="57"/>
        <source>Record {other} is newer than {record_id} and would be closed, but it is {state}: its card may be printed already. Settle it at the office first.</source>
        <comment>dedup_other_not_closable</comment>
        <translation>Rekaman {other} lebih baru daripada {record_id} dan akan ditutup, tetapi berstatus {state}: kartunya mungkin sudah dicetak. Selesaikan dahulu di kantor.</translation>
    </message>
    <message>
        <location filename="../../sync/server/dedup/sentences.py" line="63"/>
        <source>The decision must be &apos;not_duplicate&apos; or &apos;duplicate&apos;, not {decision}.</source>
        <comment>dedup_decision_unknown</comment>
        <translation>Keputusan harus &apos;not_duplicate&apos; atau &apos;duplicate&apos;, bukan {decision}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/promise_sentences.py" line="13"/>
        <source>The holiday list is larger than {max_kib} KiB; a year&apos;s list is a few kilobytes. Nothing was imported.</source>
        <comment>holidays_file_too_large</comment>
        <translation>Daftar hari libur lebih besar dari {max_kib} KB; daftar satu tahun hanya beberapa KB. Tidak ada yang diimpor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/promise_sentences.py" line="19"/>
        <source>The holiday list {file} cannot be read. Nothing was imported.</source>
        <comment>holidays_file_unreadable</comment>
        <translation>Daftar hari libur {file} tidak dapat dibaca. Tidak ada yang diimpor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/promise_sentences.py" line="24"/>
        <source>The holiday list is not UTF-8 text. Nothing was imported.</source>
        <comment>holidays_file_not_text</comment>
        <translation>Daftar hari libur bukan teks UTF-8. Tidak ada yang diimpor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/promise_sentences.py" line="29"/>
        <source>The holiday list is neither FieldKit&apos;s holiday JSON nor a CSV whose header names tanggal,nama[,jenis]. Nothing was imported.</source>
        <comment>holidays_format_unknown</comment>
        <translation>Daftar hari libur bukan JSON hari libur FieldKit dan bukan CSV dengan baris judul tanggal,nama[,jenis]. Tidak ada yang diimpor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/promise_sentences.py" line="35"/>
        <source>Row {row} of the holiday list has no date written as YYYY-MM-DD. Nothing was imported.</source>
        <comment>holidays_date_invalid</comment>
        <translation>Baris {row} daftar hari libur tidak berisi tanggal berbentuk TTTT-BB-HH. Tidak ada yang diimpor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/promise_sentences.py" line="40"/>
        <source>Row {row} of the holiday list names a year outside {low}-{high}. Nothing was imported.</source>
        <comment>holidays_year_invalid</comment>
        <translation>Baris {row} daftar hari libur menyebut tahun di luar {low}-{high}. Tidak ada yang diimpor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/promise_sentences.py" line="45"/>
        <source>The holiday list&apos;s years name one outside {low}-{high}. Nothing was imported.</source>
        <comment>holidays_years_invalid</comment>
        <translation>Daftar tahun pada daftar hari libur menyebut tahun di luar {low}-{high}. Tidak ada yang diimpor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/promise_sentences.py" line="50"/>
        <source>The holiday list has a date in {year} but does not say where that year&apos;s list comes from (its years). Nothing was imported.</source>
        <comment>holidays_year_undeclared</comment>
        <translation>Daftar hari libur memuat tanggal tahun {year}, tetapi tidak menyebut sumber daftar tahun itu (years). Tidak ada yang diimpor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/promise_sentences.py" line="56"/>
        <source>Row {row} of the holiday list has no name, or one longer than {max} characters or with control characters. Nothing was imported.</source>
        <comment>holidays_name_invalid</comment>
        <translation>Baris {row} daftar hari libur tidak bernama, atau namanya lebih dari {max} karakter atau memuat karakter kendali. Tidak ada yang diimpor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/promise_sentences.py" line="62"/>
        <source>Row {row} of the holiday list has an unknown kind; it must be one of: {choices}. Nothing was imported.</source>
        <comment>holidays_kind_invalid</comment>
        <translation>Jenis pada baris {row} daftar hari libur tidak dikenal; harus salah satu dari: {choices}. Tidak ada yang diimpor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/promise_sentences.py" line="68"/>
        <source>The source of the {year} holiday list is not text of at most {max} characters. Nothing was imported.</source>
        <comment>holidays_source_invalid</comment>
        <translation>Sumber daftar hari libur tahun {year} bukan teks paling banyak {max} karakter. Tidak ada yang diimpor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/promise_sentences.py" line="74"/>
        <source>Row {row} of the holiday list repeats the date {date}. Nothing was imported.</source>
        <comment>holidays_date_repeated</comment>
        <translation>Baris {row} daftar hari libur mengulang tanggal {date}. Tidak ada yang diimpor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/promise_sentences.py" line="79"/>
        <source>The holiday list has more than {per_year} days in a year or more than {years} years. Nothing was imported.</source>
        <comment>holidays_too_many</comment>
        <translation>Daftar hari libur memuat lebih dari {per_year} hari dalam setahun atau lebih dari {years} tahun. Tidak ada yang diimpor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/promise_sentences.py" line="85"/>
        <source>The holiday list has no holidays. Nothing was imported.</source>
        <comment>holidays_empty</comment>
        <translation>Daftar hari libur tidak memuat satu hari libur pun. Tidak ada yang diimpor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/promise_sentences.py" line="90"/>
        <source>The promise date must be {low} to {high} working days after the recording.</source>
        <comment>promise_days_range</comment>
        <translation>Tanggal janji harus {low} sampai {high} hari kerja setelah perekaman.</translation>
    </message>
</context>
<context>
    <name>freeze</name>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="271"/>
        <source>{age} days since the last successful sync (the limit is {days}). Sync with the data center to record new people; drafts already started can still be finished.</source>
        <comment>days_without_sync</comment>
        <translation>{age} hari sejak sinkronisasi terakhir yang berhasil (batasnya {days}). Sinkronkan dengan pusat data untuk merekam orang baru; draf yang sudah dimulai tetap bisa diselesaikan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="277"/>
        <source>{age} days since the first record and no sync since (the limit is {days}). Sync with the data center to record new people; drafts already started can still be finished.</source>
        <comment>days_since_first_record</comment>
        <translation>{age} hari sejak rekaman pertama tanpa sinkronisasi sejak itu (batasnya {days}). Sinkronkan dengan pusat data untuk merekam orang baru; draf yang sudah dimulai tetap bisa diselesaikan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/enrollment/sentences.py" line="284"/>
        <source>{waiting} sealed records are waiting for the data center (the limit is {limit}). Sync first; drafts already started can still be finished.</source>
        <comment>records_waiting</comment>
        <translation>{waiting} rekaman tersegel menunggu dikirim ke pusat data (batasnya {limit}). Sinkronkan dulu; draf yang sudah dimulai tetap bisa diselesaikan.</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="13"/>
        <source>Recording officer</source>
        <comment>role.petugas</comment>
        <translation>Petugas perekaman</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="14"/>
        <source>Team lead</source>
        <comment>role.ketua_tim</comment>
        <translation>Ketua tim</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="15"/>
        <source>Operator</source>
        <comment>role.operator</comment>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="16"/>
        <source>Admin</source>
        <comment>role.admin</comment>
        <translation>Admin</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="17"/>
        <source>Village or kelurahan office</source>
        <comment>place_type.kantor_desa</comment>
        <translation>Kantor Desa/Kelurahan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="18"/>
        <source>Targets&apos; homes (door to door)</source>
        <comment>place_type.rumah</comment>
        <translation>Rumah sasaran (dari rumah ke rumah)</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="19"/>
        <source>Hospital</source>
        <comment>place_type.rumah_sakit</comment>
        <translation>Rumah Sakit</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="20"/>
        <source>Care home (panti)</source>
        <comment>place_type.panti</comment>
        <translation>Panti</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="21"/>
        <source>Other place</source>
        <comment>place_type.lainnya</comment>
        <translation>Lokasi lain</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="22"/>
        <source>Village government</source>
        <comment>requester_type.desa</comment>
        <translation>Pemerintah Desa</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="23"/>
        <source>Kelurahan</source>
        <comment>requester_type.kelurahan</comment>
        <translation>Kelurahan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="24"/>
        <source>Hospital</source>
        <comment>requester_type.rumah_sakit</comment>
        <translation>Rumah Sakit</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="25"/>
        <source>Care home (panti)</source>
        <comment>requester_type.panti</comment>
        <translation>Panti</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="26"/>
        <source>Social affairs office (Dinas Sosial)</source>
        <comment>requester_type.dinsos</comment>
        <translation>Dinas Sosial</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="27"/>
        <source>Other agency</source>
        <comment>requester_type.lainnya</comment>
        <translation>Instansi lain</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="28"/>
        <source>elderly</source>
        <comment>category.lansia</comment>
        <translation>lansia</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="29"/>
        <source>disability</source>
        <comment>category.disabilitas</comment>
        <translation>disabilitas</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="30"/>
        <source>mental illness</source>
        <comment>category.odgj</comment>
        <translation>ODGJ</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="31"/>
        <source>bed-bound</source>
        <comment>category.terbaring</comment>
        <translation>terbaring</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="32"/>
        <source>other</source>
        <comment>category.lainnya</comment>
        <translation>lainnya</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="33"/>
        <source>The card&apos;s owner</source>
        <comment>relation.self</comment>
        <translation>Pemilik kartu</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="34"/>
        <source>Guardian (wali / pengampu)</source>
        <comment>relation.guardian</comment>
        <translation>Wali / pengampu</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="35"/>
        <source>Family</source>
        <comment>relation.family</comment>
        <translation>Keluarga</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="36"/>
        <source>Village or kelurahan officer</source>
        <comment>relation.village_officer</comment>
        <translation>Perangkat desa/kelurahan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="37"/>
        <source>Courier</source>
        <comment>relation.courier</comment>
        <translation>Kurir</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="38"/>
        <source>waiting for handover</source>
        <comment>handover_state.ready</comment>
        <translation>siap diserahkan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="39"/>
        <source>with the courier</source>
        <comment>handover_state.with_courier</comment>
        <translation>dibawa kurir</translation>
    </message>
    <message>
        <location filename="../../fieldkit/labels_sentences.py" line="40"/>
        <source>handed over</source>
        <comment>handover_state.handed_over</comment>
        <translation>sudah diserahkan</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <location filename="../../ui/messages.py" line="164"/>
        <source>Something went wrong. The log file could not be written.</source>
        <translation>Terjadi kesalahan. Berkas log tidak dapat ditulis.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="167"/>
        <source>Something went wrong. The details are in the log file: %1</source>
        <translation>Terjadi kesalahan. Rinciannya ada di berkas log: %1</translation>
    </message>
</context>
<context>
    <name>nik</name>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="13"/>
        <source>NIK</source>
        <comment>number.nik</comment>
        <translation>NIK</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="14"/>
        <source>KK number</source>
        <comment>number.kk</comment>
        <translation>Nomor KK</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="15"/>
        <source>a space</source>
        <comment>char.space</comment>
        <translation>spasi</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="16"/>
        <source>a letter</source>
        <comment>char.letter</comment>
        <translation>huruf</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="17"/>
        <source>a character that is not a digit</source>
        <comment>char.other</comment>
        <translation>karakter yang bukan angka</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="18"/>
        <source>male</source>
        <comment>sex.L</comment>
        <translation>laki-laki</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="19"/>
        <source>female</source>
        <comment>sex.P</comment>
        <translation>perempuan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="20"/>
        <source>{number} is empty</source>
        <comment>empty</comment>
        <translation>{number} kosong</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="21"/>
        <source>{number} may contain only the digits 0-9; position {positions} has {char}</source>
        <comment>not_digits.one</comment>
        <translation>{number} hanya boleh berisi angka 0-9; posisi {positions} berisi {char}</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="26"/>
        <source>{number} may contain only the digits 0-9; positions {positions} are not digits (the first is {char})</source>
        <comment>not_digits.many</comment>
        <translation>{number} hanya boleh berisi angka 0-9; posisi {positions} bukan angka (yang pertama berupa {char})</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="32"/>
        <source>{number} has {count} digits, needs {needed}</source>
        <comment>length</comment>
        <translation>{number} berisi {count} digit, seharusnya {needed}</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="33"/>
        <source>{number} has {count} characters, needs {needed} digits</source>
        <comment>length.characters</comment>
        <translation>{number} berisi {count} karakter, seharusnya {needed} angka</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="34"/>
        <source>Province code {province} does not exist</source>
        <comment>province_unknown</comment>
        <translation>Kode provinsi {province} tidak dikenal</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="35"/>
        <source>Regency/city code {regency} does not exist in {province_name}</source>
        <comment>regency_unknown</comment>
        <translation>Kode kabupaten/kota {regency} tidak ada di {province_name}</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="40"/>
        <source>Regency/city code {regency} cannot be resolved</source>
        <comment>regency_unresolved</comment>
        <translation>Kode kabupaten/kota {regency} tidak dapat dikenali</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="41"/>
        <source>Kecamatan code {district} is not in the region table for {regency_name}; check it, the table may not list a new kecamatan yet</source>
        <comment>district_unknown</comment>
        <translation>Kode kecamatan {district} tidak ada di tabel wilayah untuk {regency_name}; periksa kembali, kecamatan baru mungkin belum tercantum</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="47"/>
        <source>Region code {former} is a former code: {regency_name} is now {current} in {province_name}. Numbers issued before the change keep the old code; the kecamatan was not checked</source>
        <comment>former_code</comment>
        <translation>Kode wilayah {former} adalah kode lama: {regency_name} sekarang {current} di {province_name}. Nomor yang terbit sebelum perubahan tetap memakai kode lama; kecamatan tidak diperiksa</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="54"/>
        <source>Day field {day} is invalid: it must be 01-31 for men or 41-71 for women</source>
        <comment>day_invalid</comment>
        <translation>Kolom tanggal {day} tidak valid: seharusnya 01-31 untuk laki-laki atau 41-71 untuk perempuan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="59"/>
        <source>Month {month} is invalid: it must be 01-12</source>
        <comment>month_invalid</comment>
        <translation>Bulan {month} tidak valid: seharusnya 01-12</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="60"/>
        <source>Birth date {date} does not exist</source>
        <comment>date_invalid</comment>
        <translation>Tanggal lahir {date} tidak ada di kalender</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="61"/>
        <source>Birth date {date} is in the future</source>
        <comment>birth_in_future</comment>
        <translation>Tanggal lahir {date} ada di masa depan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="62"/>
        <source>Issue date field {field} is not a valid date</source>
        <comment>issue_date_field</comment>
        <translation>Kolom tanggal terbit {field} bukan tanggal yang valid</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="63"/>
        <source>Issue date field {field} is not a valid date; this looks like a NIK, not a KK number</source>
        <comment>issue_date_field.nik_like</comment>
        <translation>Kolom tanggal terbit {field} bukan tanggal yang valid; ini tampak seperti NIK</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="68"/>
        <source>Issue date {date} does not exist</source>
        <comment>issue_date_missing</comment>
        <translation>Tanggal terbit {date} tidak ada di kalender</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="69"/>
        <source>The last four digits of a {number} (serial) cannot be 0000</source>
        <comment>serial_zero</comment>
        <translation>Empat digit terakhir {number} (nomor urut) tidak boleh 0000</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="70"/>
        <source>The NIK encodes birth date {nik_date} but the form says {form_date}; a NIK is not changed when a birth date is corrected, so check the documents</source>
        <comment>birth_date_mismatch</comment>
        <translation>NIK memuat tanggal lahir {nik_date} tetapi formulir berisi {form_date}; NIK tidak berubah bila tanggal lahir dikoreksi, periksa dokumennya</translation>
    </message>
    <message>
        <location filename="../../fieldkit/nik_sentences.py" line="76"/>
        <source>The NIK encodes sex {nik_sex} but the form says {form_sex}; check the documents</source>
        <comment>sex_mismatch</comment>
        <translation>NIK memuat jenis kelamin {nik_sex} tetapi formulir berisi {form_sex}; periksa dokumennya</translation>
    </message>
</context>
<context>
    <name>office</name>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="52"/>
        <source>From the office: {changes}</source>
        <comment>summary</comment>
        <translation>Dari kantor: {changes}</translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="53"/>
        <source>nothing new</source>
        <comment>nothing_new</comment>
        <translation>tidak ada yang baru</translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/office/sentences.py" line="54"/>
        <source>%n new officers</source>
        <comment>officers_added</comment>
        <translation>
            <numerusform>%Ln petugas baru</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/office/sentences.py" line="56"/>
        <source>%n officers updated</source>
        <comment>officers_updated</comment>
        <translation>
            <numerusform>%Ln petugas diperbarui</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/office/sentences.py" line="58"/>
        <source>%n officers enabled again</source>
        <comment>officers_enabled</comment>
        <translation>
            <numerusform>%Ln petugas diaktifkan kembali</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/office/sentences.py" line="60"/>
        <source>%n officers disabled</source>
        <comment>officers_disabled</comment>
        <translation>
            <numerusform>%Ln petugas dinonaktifkan</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/office/sentences.py" line="62"/>
        <source>%n officers not applied (reported to the office)</source>
        <comment>officers_refused</comment>
        <translation>
            <numerusform>%Ln petugas tidak diterapkan (dilaporkan ke kantor)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="69"/>
        <source>{modality} threshold {value}</source>
        <comment>threshold</comment>
        <translation>ambang {modality} {value}</translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="70"/>
        <source>at most {value} capture attempts</source>
        <comment>max_attempts</comment>
        <translation>paling banyak {value} kali percobaan pengambilan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="71"/>
        <source>freeze after {value} days without a sync</source>
        <comment>freeze_days</comment>
        <translation>dibekukan setelah {value} hari tanpa sinkronisasi</translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="72"/>
        <source>freeze at {value} records waiting</source>
        <comment>freeze_max_waiting</comment>
        <translation>dibekukan pada {value} rekaman menunggu</translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="73"/>
        <source>screen locks after {value} minutes</source>
        <comment>idle_lock_minutes</comment>
        <translation>layar terkunci setelah {value} menit</translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="74"/>
        <source>the ketua tim may countersign on the spot</source>
        <comment>cosign_on_spot_on</comment>
        <translation>ketua tim boleh menandatangani di tempat</translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="75"/>
        <source>no countersign on the spot</source>
        <comment>cosign_on_spot_off</comment>
        <translation>tanpa tanda tangan di tempat</translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="76"/>
        <source>auto-capture on</source>
        <comment>autocapture_on</comment>
        <translation>rekam otomatis aktif</translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="77"/>
        <source>auto-capture off</source>
        <comment>autocapture_off</comment>
        <translation>rekam otomatis nonaktif</translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="78"/>
        <source>auto-capture after {value} s steady</source>
        <comment>autocapture_steady_s</comment>
        <translation>rekam otomatis setelah diam {value} detik</translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="79"/>
        <source>new letterhead</source>
        <comment>letterhead</comment>
        <translation>kop surat baru</translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="80"/>
        <source>new letter number pattern</source>
        <comment>number_pattern</comment>
        <translation>pola nomor surat baru</translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="81"/>
        <source>new consent text</source>
        <comment>consent_text</comment>
        <translation>teks persetujuan baru</translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="82"/>
        <source>consent text back to the default</source>
        <comment>consent_text_default</comment>
        <translation>teks persetujuan kembali ke bawaan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="83"/>
        <source>the card promised within {value} working days</source>
        <comment>promise_days</comment>
        <translation>KTP-el dijanjikan paling lambat {value} hari kerja</translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="84"/>
        <source>days off for {years}</source>
        <comment>holidays</comment>
        <translation>hari libur tahun {years}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/office/sentences.py" line="85"/>
        <source>%n region names</source>
        <comment>regions</comment>
        <translation>
            <numerusform>%Ln nama wilayah</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/office/sentences.py" line="87"/>
        <source>%n requests</source>
        <comment>requests</comment>
        <translation>
            <numerusform>%Ln permohonan</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/office/sentences.py" line="89"/>
        <source>%n visits</source>
        <comment>visits</comment>
        <translation>
            <numerusform>%Ln kunjungan</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/office/sentences.py" line="91"/>
        <source>%n targets</source>
        <comment>targets</comment>
        <translation>
            <numerusform>%Ln sasaran</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/office/sentences.py" line="93"/>
        <source>%n visits called off</source>
        <comment>visits_cancelled</comment>
        <translation>
            <numerusform>%Ln kunjungan dibatalkan</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/office/sentences.py" line="95"/>
        <source>%n people already recorded</source>
        <comment>recorded</comment>
        <translation>
            <numerusform>%Ln orang sudah direkam</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../fieldkit/office/sentences.py" line="97"/>
        <source>FieldKit {version} or newer required</source>
        <comment>min_version</comment>
        <translation>wajib FieldKit {version} atau lebih baru</translation>
    </message>
</context>
<context>
    <name>params</name>
    <message>
        <location filename="../../ui/param_catalogue.py" line="20"/>
        <source>recipient&apos;s name</source>
        <comment>field.recipient_name</comment>
        <extracomment>The suffix of a param that holds the code of its neighbour&apos;s word.</extracomment>
        <translation>Nama penerima</translation>
    </message>
    <message>
        <location filename="../../ui/param_catalogue.py" line="23"/>
        <source>courier&apos;s name</source>
        <comment>field.courier_name</comment>
        <translation>Nama kurir</translation>
    </message>
    <message>
        <location filename="../../ui/param_catalogue.py" line="26"/>
        <source>courier&apos;s organisation</source>
        <comment>field.courier_organisation</comment>
        <translation>Instansi kurir</translation>
    </message>
    <message>
        <location filename="../../ui/param_catalogue.py" line="29"/>
        <source>note</source>
        <comment>field.note</comment>
        <translation>Catatan</translation>
    </message>
</context>
<context>
    <name>quality</name>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="42"/>
        <source>Quality is good</source>
        <comment>ok</comment>
        <translation>Kualitas baik</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="43"/>
        <source>Quality under the office&apos;s threshold; capture again</source>
        <comment>low_score</comment>
        <translation>Kualitas di bawah ambang kantor; ulangi perekaman</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="44"/>
        <source>No face found; face the camera</source>
        <comment>face.no_face</comment>
        <translation>Wajah tidak terlihat; hadapkan wajah ke kamera</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="45"/>
        <source>Only one person in front of the camera</source>
        <comment>face.multiple_faces</comment>
        <translation>Hanya satu orang di depan kamera</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="46"/>
        <source>Face too dark; add light</source>
        <comment>face.too_dark</comment>
        <translation>Wajah terlalu gelap; tambah cahaya</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="47"/>
        <source>Face too bright; reduce the light</source>
        <comment>face.too_bright</comment>
        <translation>Wajah terlalu terang; kurangi cahaya</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="48"/>
        <source>Eyes not visible; open the eyes, remove glasses</source>
        <comment>face.eyes_not_found</comment>
        <translation>Mata tidak terlihat; buka mata, lepas kacamata</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="49"/>
        <source>Too close; move the camera back</source>
        <comment>face.too_close</comment>
        <translation>Terlalu dekat; mundurkan kamera</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="50"/>
        <source>Face too small; move the camera closer</source>
        <comment>face.too_small</comment>
        <translation>Wajah terlalu kecil; dekatkan kamera</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="51"/>
        <source>Centre the face in the frame</source>
        <comment>face.not_centred</comment>
        <translation>Letakkan wajah di tengah</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="52"/>
        <source>Head tilted; hold the head straight</source>
        <comment>face.rolled</comment>
        <translation>Kepala miring; tegakkan kepala</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="53"/>
        <source>Image blurred; hold still and focus</source>
        <comment>face.blurred</comment>
        <translation>Gambar kabur; tahan kamera dan fokuskan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="54"/>
        <source>Wrong background colour</source>
        <comment>face.background_color</comment>
        <translation>Warna latar belakang salah</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="55"/>
        <source>Background not plain; straighten the backdrop</source>
        <comment>face.background_uneven</comment>
        <translation>Latar belakang tidak polos; rapikan kain latar</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="56"/>
        <source>Low photo quality; take it again</source>
        <comment>face.low_quality</comment>
        <translation>Kualitas foto rendah; ambil ulang</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="57"/>
        <source>Background must be red (odd birth year)</source>
        <comment>face.background_red</comment>
        <translation>Latar belakang harus merah (tahun lahir ganjil)</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="58"/>
        <source>Background must be blue (even birth year)</source>
        <comment>face.background_blue</comment>
        <translation>Latar belakang harus biru (tahun lahir genap)</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="59"/>
        <source>Background must be red or blue</source>
        <comment>face.background_red_or_blue</comment>
        <translation>Latar belakang harus merah atau biru</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="60"/>
        <source>Place the finger flat in the middle of the scanner glass</source>
        <comment>finger.place_flat</comment>
        <translation>Letakkan jari rata di tengah kaca pemindai</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="65"/>
        <source>Press the finger more firmly; moisten the finger if it is dry</source>
        <comment>finger.press_firmer</comment>
        <translation>Tekan jari lebih kuat; bila kering, lembapkan jari</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="70"/>
        <source>Clean and dry the finger and the scanner glass</source>
        <comment>finger.clean</comment>
        <translation>Bersihkan dan keringkan jari serta kaca pemindai</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="71"/>
        <source>Clean the finger and press it firmly</source>
        <comment>finger.retry</comment>
        <translation>Bersihkan jari lalu tekan lebih kuat</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="72"/>
        <source>{first_finger} and {second_finger} look like the same finger; capture again with the right finger</source>
        <comment>finger.duplicate</comment>
        <translation>{first_finger} dan {second_finger} tampak jari yang sama; ulangi dengan jari yang benar</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="78"/>
        <source>Image cannot be assessed; capture again</source>
        <comment>iris.unscorable</comment>
        <translation>Gambar tidak dapat dinilai; ambil ulang</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="79"/>
        <source>Image too dark; check the camera&apos;s infrared light</source>
        <comment>iris.too_dark</comment>
        <translation>Gambar terlalu gelap; periksa lampu inframerah kamera</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="80"/>
        <source>Image too bright; avoid direct sunlight</source>
        <comment>iris.too_bright</comment>
        <translation>Gambar terlalu terang; hindari sinar matahari langsung</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="81"/>
        <source>No eye found; aim the camera at the eye</source>
        <comment>iris.no_iris</comment>
        <translation>Mata tidak terlihat; arahkan kamera ke mata</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="82"/>
        <source>Iris covered by the eyelid; ask to open the eye wide</source>
        <comment>iris.occluded</comment>
        <translation>Iris tertutup kelopak mata; minta buka mata lebar-lebar</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="83"/>
        <source>Eye too close; move the camera back a little</source>
        <comment>iris.too_close</comment>
        <translation>Mata terlalu dekat; jauhkan kamera sedikit</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="84"/>
        <source>Eye too far; move the camera closer</source>
        <comment>iris.iris_too_small</comment>
        <translation>Mata terlalu jauh; dekatkan kamera</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="85"/>
        <source>Centre the eye in the frame</source>
        <comment>iris.not_centred</comment>
        <translation>Letakkan mata di tengah gambar</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="86"/>
        <source>Image blurred; hold the camera still and focus</source>
        <comment>iris.blurred</comment>
        <translation>Gambar kabur; tahan kamera diam dan fokuskan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="87"/>
        <source>Low contrast; clean the lens, remove glasses</source>
        <comment>iris.low_contrast</comment>
        <translation>Kontras rendah; bersihkan lensa, lepas kacamata</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="88"/>
        <source>Pupil size out of range; adjust the room light and retry</source>
        <comment>iris.pupil_dilation</comment>
        <translation>Ukuran pupil tidak wajar; atur cahaya ruangan lalu ulangi</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="93"/>
        <source>Pupil too dilated; add room light</source>
        <comment>iris.pupil_dilated</comment>
        <translation>Pupil terlalu lebar; tambah cahaya ruangan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="94"/>
        <source>Pupil too constricted; reduce bright light</source>
        <comment>iris.pupil_constricted</comment>
        <translation>Pupil terlalu kecil; kurangi cahaya terang</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="95"/>
        <source>Ask the person to look straight into the camera</source>
        <comment>iris.not_concentric</comment>
        <translation>Minta pandang lurus ke kamera</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="96"/>
        <source>Signature is empty; ask for it again</source>
        <comment>signature.empty</comment>
        <translation>Tanda tangan kosong; minta tanda tangan lagi</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="97"/>
        <source>Only a dot; ask for a full signature</source>
        <comment>signature.single_dot</comment>
        <translation>Hanya satu titik; minta tanda tangan lengkap</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="98"/>
        <source>Signature too quick; ask to sign again</source>
        <comment>signature.too_short</comment>
        <translation>Tanda tangan terlalu cepat; minta tanda tangan ulang</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="99"/>
        <source>Signature too small; ask to sign larger</source>
        <comment>signature.too_small</comment>
        <translation>Tanda tangan terlalu kecil; minta tanda tangan lebih besar</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="100"/>
        <source>Unknown finger</source>
        <comment>finger_name.0</comment>
        <translation>Jari tidak diketahui</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="101"/>
        <source>Right thumb</source>
        <comment>finger_name.1</comment>
        <translation>Ibu jari kanan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="102"/>
        <source>Right index finger</source>
        <comment>finger_name.2</comment>
        <translation>Telunjuk kanan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="103"/>
        <source>Right middle finger</source>
        <comment>finger_name.3</comment>
        <translation>Jari tengah kanan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="104"/>
        <source>Right ring finger</source>
        <comment>finger_name.4</comment>
        <translation>Jari manis kanan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="105"/>
        <source>Right little finger</source>
        <comment>finger_name.5</comment>
        <translation>Kelingking kanan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="106"/>
        <source>Left thumb</source>
        <comment>finger_name.6</comment>
        <translation>Ibu jari kiri</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="107"/>
        <source>Left index finger</source>
        <comment>finger_name.7</comment>
        <translation>Telunjuk kiri</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="108"/>
        <source>Left middle finger</source>
        <comment>finger_name.8</comment>
        <translation>Jari tengah kiri</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="109"/>
        <source>Left ring finger</source>
        <comment>finger_name.9</comment>
        <translation>Jari manis kiri</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="110"/>
        <source>Left little finger</source>
        <comment>finger_name.10</comment>
        <translation>Kelingking kiri</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="111"/>
        <source>Right four-finger slap</source>
        <comment>finger_name.13</comment>
        <translation>Empat jari kanan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="112"/>
        <source>Left four-finger slap</source>
        <comment>finger_name.14</comment>
        <translation>Empat jari kiri</translation>
    </message>
    <message>
        <location filename="../../fieldkit/quality/sentences.py" line="113"/>
        <source>Both thumbs</source>
        <comment>finger_name.15</comment>
        <translation>Kedua ibu jari</translation>
    </message>
</context>
<context>
    <name>sarpras</name>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="114"/>
        <source>self-test not run</source>
        <comment>self_test_not_run</comment>
        <translation>uji mandiri belum dijalankan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="115"/>
        <source>not checked yet</source>
        <comment>not_checked</comment>
        <translation>belum diperiksa</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="116"/>
        <source>quantity not entered</source>
        <comment>quantity_not_entered</comment>
        <translation>jumlah belum diisi</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="117"/>
        <source>quantity returned not entered</source>
        <comment>quantity_returned_not_entered</comment>
        <translation>jumlah yang dikembalikan belum diisi</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="118"/>
        <source>good / complete / clean not answered</source>
        <comment>condition_not_answered</comment>
        <translation>baik / lengkap / bersih belum dijawab</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="119"/>
        <source>a note is needed</source>
        <comment>note_needed</comment>
        <translation>perlu catatan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/sarpras/sentences.py" line="120"/>
        <source>faulty when taken out: a note is needed</source>
        <comment>note_for_rusak</comment>
        <translation>rusak saat diambil: perlu catatan</translation>
    </message>
</context>
<context>
    <name>server_state</name>
    <message>
        <location filename="../../fieldkit/records/sentences.py" line="40"/>
        <source>Received by the data center, not checked yet</source>
        <comment>received</comment>
        <translation>Sampai di pusat data, belum diperiksa</translation>
    </message>
    <message>
        <location filename="../../fieldkit/records/sentences.py" line="41"/>
        <source>Accepted by the data center</source>
        <comment>accepted</comment>
        <translation>Diterima pusat data</translation>
    </message>
    <message>
        <location filename="../../fieldkit/records/sentences.py" line="42"/>
        <source>Refused by the data center</source>
        <comment>rejected</comment>
        <translation>Ditolak pusat data</translation>
    </message>
    <message>
        <location filename="../../fieldkit/records/sentences.py" line="43"/>
        <source>Deduplication passed</source>
        <comment>deduplicated</comment>
        <translation>Lolos penunggalan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/records/sentences.py" line="44"/>
        <source>Ready to print</source>
        <comment>print_ready</comment>
        <translation>Siap cetak</translation>
    </message>
    <message>
        <location filename="../../fieldkit/records/sentences.py" line="45"/>
        <source>Possible duplicate: waiting for the office&apos;s decision</source>
        <comment>duplicate_record</comment>
        <translation>Data ganda — menunggu keputusan kantor</translation>
    </message>
    <message>
        <location filename="../../fieldkit/records/sentences.py" line="48"/>
        <source>Closed: a second recording of the same person</source>
        <comment>duplicate_closed</comment>
        <translation>Ditutup: rekaman ganda</translation>
    </message>
    <message>
        <location filename="../../fieldkit/records/sentences.py" line="49"/>
        <source>Closed: a second recording; the card comes from the earlier one ({reason})</source>
        <comment>duplicate_closed_reason</comment>
        <translation>Ditutup: rekaman ganda; KTP-el dari rekaman sebelumnya ({reason})</translation>
    </message>
    <message>
        <location filename="../../fieldkit/records/sentences.py" line="54"/>
        <source>Card printed</source>
        <comment>printed</comment>
        <translation>KTP-el sudah dicetak</translation>
    </message>
    <message>
        <location filename="../../fieldkit/records/sentences.py" line="55"/>
        <source>Card ready to hand over</source>
        <comment>ready_for_handover</comment>
        <translation>KTP-el siap diserahkan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/records/sentences.py" line="56"/>
        <source>Record again</source>
        <comment>recapture</comment>
        <translation>Rekam ulang</translation>
    </message>
    <message>
        <location filename="../../fieldkit/records/sentences.py" line="57"/>
        <source>Record again: {reason}</source>
        <comment>recapture_reason</comment>
        <translation>Rekam ulang: {reason}</translation>
    </message>
    <message>
        <location filename="../../fieldkit/records/sentences.py" line="58"/>
        <source>Data center: {state}</source>
        <comment>unknown</comment>
        <translation>Pusat data: {state}</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <location filename="../../sync/client/sentences.py" line="154"/>
        <source>This laptop is not enrolled with a data center yet.</source>
        <comment>not_enrolled</comment>
        <translation>Laptop ini belum didaftarkan ke data center.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="155"/>
        <source>Fill in the Data center form on this page (or open the enrollment file from the operator), then press Enroll this laptop.</source>
        <comment>not_enrolled.hint</comment>
        <translation>Isi formulir Data center di halaman ini (atau buka berkas pendaftaran dari operator), lalu tekan Daftarkan laptop ini.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="161"/>
        <source>Run: fieldkit sync enroll URL CODE --ca-fingerprint F</source>
        <comment>not_enrolled.cli_hint</comment>
        <translation>Jalankan: fieldkit sync enroll URL CODE --ca-fingerprint F</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="162"/>
        <source>This laptop is already enrolled with a data center.</source>
        <comment>already_enrolled</comment>
        <translation>Laptop ini sudah terdaftar di data center.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="163"/>
        <source>Ask the data-center operator before moving a laptop to another data center.</source>
        <comment>already_enrolled.hint</comment>
        <translation>Tanyakan operator data center sebelum memindahkan laptop ke data center lain.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="168"/>
        <source>The data center&apos;s address must start with https://.</source>
        <comment>invalid_url</comment>
        <translation>Alamat data center harus diawali https://.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="169"/>
        <source>Copy the address exactly as the operator gave it.</source>
        <comment>invalid_url.hint</comment>
        <translation>Salin alamat persis seperti yang diberikan operator.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="170"/>
        <source>The CA fingerprint must be 64 hexadecimal characters.</source>
        <comment>invalid_fingerprint</comment>
        <translation>Sidik jari CA harus 64 karakter heksadesimal.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="171"/>
        <source>Type the CA fingerprint the operator gave you, in 16 groups of 4, or open the enrollment file.</source>
        <comment>invalid_fingerprint.hint</comment>
        <translation>Ketik sidik CA yang diberikan operator, 16 kelompok berisi 4 karakter, atau buka berkas pendaftaran.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="177"/>
        <source>Copy the fingerprint printed by &apos;fieldkit-datacenter serve&apos;.</source>
        <comment>invalid_fingerprint.cli_hint</comment>
        <translation>Salin sidik jari yang dicetak oleh &apos;fieldkit-datacenter serve&apos;.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="182"/>
        <source>The data center&apos;s certificate does not match the fingerprint you were given.</source>
        <comment>fingerprint_mismatch</comment>
        <translation>Sertifikat data center tidak cocok dengan sidik jari yang diberikan.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="187"/>
        <source>Nothing was sent and the code is still valid. Check the address and each group of the fingerprint with the operator (or use the enrollment bundle), then try again with the same code. If they are right, do not enroll on this network: tell the operator.</source>
        <comment>fingerprint_mismatch.hint</comment>
        <translation>Tidak ada yang terkirim dan kodenya masih berlaku. Periksa alamat dan setiap kelompok sidik jari bersama operator (atau pakai berkas pendaftaran), lalu coba lagi dengan kode yang sama. Bila semuanya benar, jangan mendaftar di jaringan ini: beri tahu operator.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="195"/>
        <source>The data center&apos;s CA fingerprint is required to enroll.</source>
        <comment>fingerprint_required</comment>
        <translation>Sidik jari CA data center wajib diisi untuk mendaftar.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="200"/>
        <source>Open the enrollment file from the operator (or read its QR code with the camera), or type the CA fingerprint the operator gave you.</source>
        <comment>fingerprint_required.hint</comment>
        <translation>Buka berkas pendaftaran dari operator (atau baca kode QR-nya dengan kamera), atau ketik sidik CA yang diberikan operator.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="206"/>
        <source>Use the enrollment bundle from &apos;fieldkit-datacenter codes new --bundle-out FILE&apos; (fieldkit sync enroll --bundle FILE), or type the fingerprint that &apos;fieldkit-datacenter serve&apos; prints as &apos;CA fingerprint (SHA-256)&apos;.</source>
        <comment>fingerprint_required.cli_hint</comment>
        <translation>Pakai bundel pendaftaran dari &apos;fieldkit-datacenter codes new --bundle-out FILE&apos; (fieldkit sync enroll --bundle FILE), atau ketik sidik jari yang dicetak &apos;fieldkit-datacenter serve&apos; sebagai &apos;CA fingerprint (SHA-256)&apos;.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="213"/>
        <source>The file is not a readable enrollment bundle.</source>
        <comment>bundle_invalid</comment>
        <translation>Berkas ini bukan bundel pendaftaran yang dapat dibaca.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="214"/>
        <source>Choose the .json or .png enrollment file the operator gave you.</source>
        <comment>bundle_invalid.hint</comment>
        <translation>Pilih berkas pendaftaran .json atau .png yang diberikan operator.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="219"/>
        <source>Choose the .json or .png file written by &apos;fieldkit-datacenter codes new --bundle-out&apos;.</source>
        <comment>bundle_invalid.cli_hint</comment>
        <translation>Pilih berkas .json atau .png yang ditulis oleh &apos;fieldkit-datacenter codes new --bundle-out&apos;.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="224"/>
        <source>No network connection: the data center&apos;s network cannot be reached.</source>
        <comment>no_network</comment>
        <translation>Tidak ada koneksi jaringan: jaringan data center tidak terjangkau.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="229"/>
        <source>Connect the laptop to the office network or Wi-Fi, then try again.</source>
        <comment>no_network.hint</comment>
        <translation>Sambungkan laptop ke jaringan kantor atau Wi-Fi, lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="234"/>
        <source>The data center&apos;s name could not be looked up (DNS).</source>
        <comment>dns_failed</comment>
        <translation>Nama server data center tidak dapat ditemukan (DNS).</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="235"/>
        <source>Check the address, or use the server&apos;s IP address.</source>
        <comment>dns_failed.hint</comment>
        <translation>Periksa alamatnya, atau pakai alamat IP server.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="236"/>
        <source>The data center&apos;s computer answered, but the sync service is not running.</source>
        <comment>connection_refused</comment>
        <translation>Komputer data center terjangkau, tetapi layanan sinkronisasi tidak berjalan.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="241"/>
        <source>Ask the operator to start the data center&apos;s sync service, then try again.</source>
        <comment>connection_refused.hint</comment>
        <translation>Minta operator menjalankan layanan sinkronisasi data center, lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="246"/>
        <source>Ask the operator to start &apos;fieldkit-datacenter serve&apos;, then try again.</source>
        <comment>connection_refused.cli_hint</comment>
        <translation>Minta operator menjalankan &apos;fieldkit-datacenter serve&apos;, lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="251"/>
        <source>The data center did not answer in time.</source>
        <comment>timeout</comment>
        <translation>Data center tidak menjawab tepat waktu.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="252"/>
        <source>The network may be slow or the server busy; try again later.</source>
        <comment>timeout.hint</comment>
        <translation>Jaringan mungkin lambat atau server sibuk; coba lagi nanti.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="253"/>
        <source>The connection to the data center broke off during the transfer.</source>
        <comment>connection_lost</comment>
        <translation>Koneksi ke data center terputus saat pengiriman.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="258"/>
        <source>Nothing was lost; try again and only the unfinished records are sent.</source>
        <comment>connection_lost.hint</comment>
        <translation>Tidak ada yang hilang; coba lagi, hanya data yang belum selesai yang dikirim.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="263"/>
        <source>The server&apos;s certificate is not from the data center this laptop enrolled with.</source>
        <comment>tls_pin_mismatch</comment>
        <translation>Sertifikat server bukan dari data center tempat laptop ini terdaftar.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="268"/>
        <source>Do not sync over this network; tell the operator (possible impostor server).</source>
        <comment>tls_pin_mismatch.hint</comment>
        <translation>Jangan sinkronisasi lewat jaringan ini; beri tahu operator (mungkin server palsu).</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="273"/>
        <source>A secure connection to the data center could not be set up.</source>
        <comment>tls_error</comment>
        <translation>Koneksi aman ke data center tidak dapat dibuat.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="274"/>
        <source>Check the address and port with the operator.</source>
        <comment>tls_error.hint</comment>
        <translation>Periksa alamat dan port bersama operator.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="275"/>
        <source>The laptop&apos;s clock is wrong.</source>
        <comment>clock_skew</comment>
        <translation>Jam laptop salah.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="276"/>
        <source>Set the laptop&apos;s date and time.</source>
        <comment>clock_skew.hint</comment>
        <translation>Atur tanggal dan jam laptop.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="277"/>
        <source>The data center has revoked this laptop&apos;s enrollment.</source>
        <comment>device_revoked</comment>
        <translation>Pendaftaran laptop ini telah dicabut oleh data center.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="278"/>
        <source>Contact the data-center operator; records stay sealed on the laptop.</source>
        <comment>device_revoked.hint</comment>
        <translation>Hubungi operator data center; data tetap tersegel di laptop.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="283"/>
        <source>The data center does not know this laptop.</source>
        <comment>device_unknown</comment>
        <translation>Data center tidak mengenal laptop ini.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="284"/>
        <source>Enroll the laptop again with a new code from the operator.</source>
        <comment>device_unknown.hint</comment>
        <translation>Daftarkan laptop lagi dengan kode baru dari operator.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="289"/>
        <source>The data center did not accept this laptop&apos;s signature.</source>
        <comment>auth_invalid</comment>
        <translation>Data center tidak menerima tanda tangan laptop ini.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="290"/>
        <source>Enroll the laptop again if its key was replaced.</source>
        <comment>auth_invalid.hint</comment>
        <translation>Daftarkan laptop lagi bila kuncinya diganti.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="291"/>
        <source>The data center refused the request.</source>
        <comment>refused</comment>
        <translation>Data center menolak permintaan.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="292"/>
        <source>Tell the operator; this laptop&apos;s FieldKit may need an update.</source>
        <comment>refused.hint</comment>
        <translation>Beri tahu operator; FieldKit di laptop ini mungkin perlu diperbarui.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="297"/>
        <source>The data center hit an internal error.</source>
        <comment>server_error</comment>
        <translation>Terjadi kesalahan internal di data center.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="298"/>
        <source>Try again later; tell the operator if it persists.</source>
        <comment>server_error.hint</comment>
        <translation>Coba lagi nanti; beri tahu operator bila terus terjadi.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="299"/>
        <source>The data center&apos;s disk is full.</source>
        <comment>disk_full</comment>
        <translation>Penyimpanan data center penuh.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="300"/>
        <source>Tell the operator; nothing was lost on the laptop.</source>
        <comment>disk_full.hint</comment>
        <translation>Beri tahu operator; tidak ada yang hilang di laptop.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="301"/>
        <source>The data center sent an answer this laptop does not understand.</source>
        <comment>bad_response</comment>
        <translation>Data center mengirim jawaban yang tidak dipahami laptop ini.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="306"/>
        <source>Check that laptop and data center run compatible FieldKit versions.</source>
        <comment>bad_response.hint</comment>
        <translation>Pastikan laptop dan data center memakai versi FieldKit yang cocok.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="311"/>
        <source>The data center&apos;s key list is not signed by its pinned CA.</source>
        <comment>key_set_invalid</comment>
        <translation>Daftar kunci data center tidak ditandatangani oleh CA yang dipercaya.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="312"/>
        <source>Do not sync; tell the operator.</source>
        <comment>key_set_invalid.hint</comment>
        <translation>Jangan sinkronisasi; beri tahu operator.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="313"/>
        <source>A receipt from the data center did not verify; the record was kept.</source>
        <comment>receipt_invalid</comment>
        <translation>Tanda terima dari data center tidak valid; data tetap disimpan.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="318"/>
        <source>Tell the operator; the record will be sent again.</source>
        <comment>receipt_invalid.hint</comment>
        <translation>Beri tahu operator; data akan dikirim lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="319"/>
        <source>The export folder is incomplete or damaged.</source>
        <comment>export_invalid</comment>
        <translation>Folder ekspor tidak lengkap atau rusak.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="320"/>
        <source>Export again, or check the USB drive.</source>
        <comment>export_invalid.hint</comment>
        <translation>Ekspor lagi, atau periksa flashdisk USB.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="321"/>
        <source>Tell the data-center operator if this happens again.</source>
        <comment>server.hint</comment>
        <translation>Beri tahu operator data center bila terjadi lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="322"/>
        <source>The data center does not know this enrollment code.</source>
        <comment>server.code_unknown</comment>
        <translation>Data center tidak mengenal kode pendaftaran ini.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="327"/>
        <source>Check the code with the operator, or ask for a new one.</source>
        <comment>server.code_unknown.hint</comment>
        <translation>Periksa kode dengan operator, atau minta kode baru.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="332"/>
        <source>This enrollment code has already been used.</source>
        <comment>server.code_used</comment>
        <translation>Kode pendaftaran ini sudah pernah dipakai.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="337"/>
        <source>Ask the operator for a new code.</source>
        <comment>server.code_used.hint</comment>
        <translation>Minta kode baru kepada operator.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="342"/>
        <source>This enrollment code has expired.</source>
        <comment>server.code_expired</comment>
        <translation>Kode pendaftaran ini sudah kedaluwarsa.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="347"/>
        <source>Ask the operator for a new code.</source>
        <comment>server.code_expired.hint</comment>
        <translation>Minta kode baru kepada operator.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="352"/>
        <source>The data center already knows this laptop&apos;s key.</source>
        <comment>server.key_already_enrolled</comment>
        <translation>Data center sudah mengenal kunci laptop ini.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="357"/>
        <source>The data center needs FieldKit {minimum} or newer on this laptop.</source>
        <comment>server.client_too_old</comment>
        <translation>Data center memerlukan FieldKit {minimum} atau yang lebih baru di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="362"/>
        <source>Ask for the FieldKit update, install it, then try again.</source>
        <comment>server.client_too_old.hint</comment>
        <translation>Minta pembaruan FieldKit, pasang, lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="367"/>
        <source>The data center could not read the request.</source>
        <comment>server.invalid_request</comment>
        <translation>Data center tidak dapat membaca permintaan.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="372"/>
        <source>The record&apos;s identifier is not valid.</source>
        <comment>server.invalid_record_id</comment>
        <translation>Nomor pengenal rekaman tidak sah.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="377"/>
        <source>The record&apos;s checksum is not valid.</source>
        <comment>server.invalid_sha256</comment>
        <translation>Nilai pemeriksa (checksum) rekaman tidak sah.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="382"/>
        <source>The record is larger than the data center accepts.</source>
        <comment>server.size_invalid</comment>
        <translation>Rekaman lebih besar daripada yang diterima data center.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="387"/>
        <source>The record was sealed to a key the data center does not have.</source>
        <comment>server.kid_unknown</comment>
        <translation>Rekaman disegel dengan kunci yang tidak dimiliki data center.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="392"/>
        <source>The data center was not told about the record before it was sent.</source>
        <comment>server.not_announced</comment>
        <translation>Data center belum diberi tahu tentang rekaman ini sebelum dikirim.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="397"/>
        <source>The data center holds other content under this record&apos;s identifier.</source>
        <comment>server.conflict</comment>
        <translation>Data center menyimpan isi lain dengan nomor pengenal rekaman ini.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="402"/>
        <source>The data center holds this record from another laptop.</source>
        <comment>server.owned_by_other_device</comment>
        <translation>Data center menyimpan rekaman ini dari laptop lain.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="407"/>
        <source>The record&apos;s size is not the size announced.</source>
        <comment>server.size_mismatch</comment>
        <translation>Ukuran rekaman tidak sama dengan ukuran yang diberitahukan.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="412"/>
        <source>The record&apos;s content does not match its checksum.</source>
        <comment>server.sha256_mismatch</comment>
        <translation>Isi rekaman tidak cocok dengan nilai pemeriksanya (checksum).</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="417"/>
        <source>The record&apos;s signature does not check out.</source>
        <comment>server.record_signature_invalid</comment>
        <translation>Tanda tangan digital rekaman tidak cocok.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="422"/>
        <source>The data center could not open the sealed record.</source>
        <comment>server.decrypt_failed</comment>
        <translation>Data center tidak dapat membuka rekaman yang disegel.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="427"/>
        <source>The record&apos;s content is not valid.</source>
        <comment>server.payload_invalid</comment>
        <translation>Isi rekaman tidak sah.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="432"/>
        <source>The data center does not know this record.</source>
        <comment>server.record_unknown</comment>
        <translation>Data center tidak mengenal rekaman ini.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="437"/>
        <source>The ketua tim&apos;s decision sent with the record does not verify.</source>
        <comment>server.review_invalid</comment>
        <translation>Keputusan ketua tim yang dikirim bersama rekaman tidak dapat diverifikasi.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="442"/>
        <source>The data center asks for this record to be captured again.</source>
        <comment>server.recapture_requested</comment>
        <translation>Data center meminta rekaman ini direkam ulang.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="447"/>
        <source>The data center found records that may be the same person; someone at the office decides.</source>
        <comment>server.duplicate_candidates</comment>
        <translation>Pusat data menemukan data yang mungkin orang yang sama; petugas di kantor yang memutuskan.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="452"/>
        <source>An image in this record is exactly one already sent in another record.</source>
        <comment>server.replayed_images</comment>
        <translation>Ada gambar dalam data ini yang persis sama dengan gambar yang sudah dikirim dalam data lain.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="457"/>
        <source>Too few usable fingers and no usable face to search for the same person.</source>
        <comment>server.images_unsearchable</comment>
        <translation>Jari yang dapat dipakai terlalu sedikit dan tidak ada foto wajah yang dapat dipakai untuk mencari orang yang sama.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="462"/>
        <source>Someone at the office decided whether this is the same person as another record.</source>
        <comment>server.adjudicated</comment>
        <translation>Petugas di kantor sudah memutuskan apakah ini orang yang sama dengan data lain.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="467"/>
        <source>The record&apos;s file is missing from the USB export.</source>
        <comment>server.file_missing</comment>
        <translation>Berkas rekaman tidak ada dalam ekspor USB.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="472"/>
        <source>The record&apos;s file on the USB drive cannot be read.</source>
        <comment>server.file_unreadable</comment>
        <translation>Berkas rekaman di flashdisk tidak dapat dibaca.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="477"/>
        <source>The request is larger than the data center accepts.</source>
        <comment>server.body_too_large</comment>
        <translation>Permintaan lebih besar daripada yang diterima data center.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="482"/>
        <source>The connection stalled while sending; the data center stopped waiting.</source>
        <comment>server.body_too_slow</comment>
        <translation>Koneksi macet saat mengirim; data center berhenti menunggu.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="487"/>
        <source>The data center cannot store records right now; it will be tried again.</source>
        <comment>server.not_ready</comment>
        <translation>Data center belum dapat menyimpan rekaman sekarang; akan dicoba lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="492"/>
        <source>The data center is busy with this laptop&apos;s other records; it will be tried again.</source>
        <comment>server.busy</comment>
        <translation>Data center sedang memproses rekaman lain dari laptop ini; pengiriman akan dicoba lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="497"/>
        <source>A training (demo) record: it is never sent.</source>
        <comment>record.demo</comment>
        <translation>Rekaman latihan (demo): tidak pernah dikirim.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="502"/>
        <source>Sealed to key {kid}, which this data center does not have.</source>
        <comment>record.kid_not_held</comment>
        <translation>Disegel dengan kunci {kid}, yang tidak dimiliki data center ini.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="507"/>
        <source>The sealed copy on this laptop no longer matches its hash (damaged storage); it was not sent.</source>
        <comment>record.damaged</comment>
        <translation>Salinan tersegel di laptop ini tidak lagi cocok dengan nilai pemeriksanya (penyimpanan rusak); rekaman tidak dikirim.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="512"/>
        <source>Not sent yet; it is sent at the next sync.</source>
        <comment>record.pending</comment>
        <translation>Belum terkirim; akan dikirim pada sinkronisasi berikutnya.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="517"/>
        <source>The data center rejected this record.</source>
        <comment>record.rejected</comment>
        <translation>Data center menolak rekaman ini.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="522"/>
        <source>Waiting for the ketua tim&apos;s decision: not exported.</source>
        <comment>record.held_for_review</comment>
        <translation>Menunggu keputusan ketua tim: tidak diekspor.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="527"/>
        <source>The receipt names a record that is not on this laptop.</source>
        <comment>record.not_on_laptop</comment>
        <translation>Tanda terima menyebut rekaman yang tidak ada di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="532"/>
        <source>The receipt is not signed by the data center.</source>
        <comment>record.unsigned</comment>
        <translation>Tanda terima tidak ditandatangani oleh data center.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="537"/>
        <source>This line of receipts.json is malformed ({field} is not what a receipt holds); it changed nothing.</source>
        <comment>record.malformed</comment>
        <translation>Baris receipts.json ini rusak ({field} bukan isi tanda terima); tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="543"/>
        <source>Refused for a reason this laptop does not know ({reason}).</source>
        <comment>record.unknown</comment>
        <translation>Ditolak karena alasan yang tidak dikenal laptop ini ({reason}).</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="548"/>
        <source>A receipt is malformed.</source>
        <comment>detail.receipt_malformed</comment>
        <translation>Sebuah tanda terima rusak formatnya.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="549"/>
        <source>The data center finds this laptop&apos;s audit log changed since an earlier sync: {problems}. The records were sent; tell the admin.</source>
        <comment>detail.audit_differs</comment>
        <translation>Data center mendapati log audit laptop ini berubah sejak sinkronisasi sebelumnya: {problems}. Rekaman sudah terkirim; beri tahu admin.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="555"/>
        <source>The data center&apos;s mark on the audit log was not renewed this time; the next sync tries again.</source>
        <comment>detail.audit_anchor_not_renewed</comment>
        <translation>Tanda data center pada log audit tidak diperbarui kali ini; sinkronisasi berikutnya mencoba lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="560"/>
        <source>The office&apos;s package and this laptop&apos;s report were not exchanged this time; the records were sent, and the next sync tries again.</source>
        <comment>detail.office_not_fetched</comment>
        <translation>Paket dari kantor dan laporan laptop ini tidak dipertukarkan kali ini; rekaman sudah terkirim, dan sinkronisasi berikutnya mencoba lagi.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="566"/>
        <source>events it had seen were rewritten</source>
        <comment>detail.audit.rewritten</comment>
        <translation>peristiwa yang sudah dilihatnya telah ditulis ulang</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="567"/>
        <source>an older copy of the store is in use</source>
        <comment>detail.audit.rolled_back</comment>
        <translation>salinan penyimpanan yang lebih lama sedang dipakai</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="568"/>
        <source>the laptop no longer holds the data center&apos;s last mark</source>
        <comment>detail.audit.unproven</comment>
        <translation>laptop tidak lagi menyimpan tanda terakhir dari data center</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="573"/>
        <source>the laptop&apos;s own check of the log failed</source>
        <comment>detail.audit.broken_on_laptop</comment>
        <translation>pemeriksaan log oleh laptop sendiri gagal</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="574"/>
        <source>The receipt names another record or laptop.</source>
        <comment>detail.receipt_other_record</comment>
        <translation>Tanda terima menyebut rekaman atau laptop lain.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="575"/>
        <source>The receipt is for different content.</source>
        <comment>detail.receipt_other_content</comment>
        <translation>Tanda terima untuk isi yang berbeda.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="576"/>
        <source>The manifest answer left out a record.</source>
        <comment>detail.manifest_incomplete</comment>
        <translation>Jawaban manifes melewatkan satu rekaman.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="577"/>
        <source>The data center keeps losing the announcement.</source>
        <comment>detail.announcement_lost</comment>
        <translation>Data center terus kehilangan pengumuman kiriman.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="582"/>
        <source>The laptop&apos;s clock is {amount} days ({seconds} s) behind the data center&apos;s.</source>
        <comment>detail.clock_behind.days</comment>
        <translation>Jam laptop {amount} hari ({seconds} d) di belakang jam data center.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="587"/>
        <source>The laptop&apos;s clock is {amount} hours ({seconds} s) behind the data center&apos;s.</source>
        <comment>detail.clock_behind.hours</comment>
        <translation>Jam laptop {amount} jam ({seconds} d) di belakang jam data center.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="592"/>
        <source>The laptop&apos;s clock is {seconds} seconds behind the data center&apos;s.</source>
        <comment>detail.clock_behind.seconds</comment>
        <translation>Jam laptop {seconds} detik di belakang jam data center.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="597"/>
        <source>The laptop&apos;s clock is {amount} days ({seconds} s) ahead of the data center&apos;s.</source>
        <comment>detail.clock_ahead.days</comment>
        <translation>Jam laptop {amount} hari ({seconds} d) lebih cepat dari jam data center.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="602"/>
        <source>The laptop&apos;s clock is {amount} hours ({seconds} s) ahead of the data center&apos;s.</source>
        <comment>detail.clock_ahead.hours</comment>
        <translation>Jam laptop {amount} jam ({seconds} d) lebih cepat dari jam data center.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="607"/>
        <source>The laptop&apos;s clock is {seconds} seconds ahead of the data center&apos;s.</source>
        <comment>detail.clock_ahead.seconds</comment>
        <translation>Jam laptop {seconds} detik lebih cepat dari jam data center.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="612"/>
        <source>This laptop is already enrolled with {url} as {device}.</source>
        <comment>detail.enrolled_elsewhere</comment>
        <translation>Laptop ini sudah terdaftar di {url} sebagai {device}.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="617"/>
        <source>This laptop is enrolled with {url} as {device}; no new code is needed.</source>
        <comment>detail.still_enrolled</comment>
        <translation>Laptop ini terdaftar di {url} sebagai {device}; tidak perlu kode baru.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="622"/>
        <source>The file is not an enrollment bundle.</source>
        <comment>detail.bundle_not_json</comment>
        <translation>Berkas ini bukan berkas pendaftaran.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="623"/>
        <source>The file is not an enrollment bundle.</source>
        <comment>detail.bundle_not_bundle</comment>
        <translation>Berkas ini bukan berkas pendaftaran.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="624"/>
        <source>Enrollment bundle version {version} is not supported.</source>
        <comment>detail.bundle_version</comment>
        <translation>Versi berkas pendaftaran {version} tidak didukung.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="629"/>
        <source>The enrollment bundle lacks its address, code or key.</source>
        <comment>detail.bundle_incomplete</comment>
        <translation>Berkas pendaftaran tidak memuat alamat, kode atau kuncinya.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="634"/>
        <source>Cannot read {file}: {error}.</source>
        <comment>detail.bundle_unreadable</comment>
        <translation>{file} tidak dapat dibaca: {error}.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="635"/>
        <source>No readable QR code was found in the picture.</source>
        <comment>detail.bundle_no_qr</comment>
        <translation>Tidak ada kode QR yang terbaca di gambar.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="636"/>
        <source>No enrollment QR code was seen by the camera.</source>
        <comment>detail.bundle_no_camera_qr</comment>
        <translation>Kamera tidak melihat kode QR pendaftaran.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="641"/>
        <source>Could not write the export to {directory}: {error}.</source>
        <comment>detail.export_not_written</comment>
        <translation>Ekspor tidak dapat ditulis ke {directory}: {error}.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="646"/>
        <source>Check that the USB drive is plugged in, writable and has space.</source>
        <comment>detail.export_not_written.hint</comment>
        <translation>Pastikan flashdisk terpasang, dapat ditulisi dan masih ada ruang.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="651"/>
        <source>{path} cannot be read as JSON.</source>
        <comment>detail.receipts_not_json</comment>
        <translation>{path} tidak dapat dibaca sebagai JSON.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="652"/>
        <source>{path} is not a regular file (a link, a pipe or a device); it was not read.</source>
        <comment>detail.receipts_not_a_file</comment>
        <translation>{path} bukan berkas biasa (tautan, pipa, atau perangkat); berkas ini tidak dibaca.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="657"/>
        <source>{path} is {size} bytes; a receipts file is at most {max} bytes, so it was not read.</source>
        <comment>detail.receipts_too_large</comment>
        <translation>{path} berukuran {size} bita; berkas tanda terima paling besar {max} bita, jadi tidak dibaca.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="662"/>
        <source>{path} is nested deeper than {max_depth} levels: it is not a receipts file.</source>
        <comment>detail.receipts_too_deep</comment>
        <translation>{path} bersarang lebih dari {max_depth} tingkat: ini bukan berkas tanda terima.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="667"/>
        <source>{path} cannot be read from the drive.</source>
        <comment>detail.receipts_unreadable</comment>
        <translation>{path} tidak dapat dibaca dari flashdisk.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="668"/>
        <source>{path} is not a list of receipts.</source>
        <comment>detail.receipts_not_a_list</comment>
        <translation>{path} bukan daftar tanda terima.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="669"/>
        <source>No {file} under {directory}.</source>
        <comment>detail.no_receipts</comment>
        <translation>Tidak ada {file} di {directory}.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="670"/>
        <source>Run &apos;fieldkit-datacenter import&apos; on the drive first.</source>
        <comment>detail.no_receipts.hint</comment>
        <translation>Jalankan &apos;fieldkit-datacenter import&apos; pada flashdisk terlebih dahulu.</translation>
    </message>
    <message>
        <location filename="../../sync/client/sentences.py" line="675"/>
        <source>For example: https://10.0.0.5:8443</source>
        <comment>hint.url_example</comment>
        <translation>Contoh: https://10.0.0.5:8443</translation>
    </message>
</context>
<context>
    <name>targets</name>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="55"/>
        <source>The file is empty.</source>
        <comment>file.empty</comment>
        <translation>Berkas kosong.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="56"/>
        <source>No header row with the columns {columns} was found in the first {rows} rows. Put one row of column names above the list, with at least {columns}.</source>
        <comment>file.no_header</comment>
        <translation>Tidak ditemukan baris judul dengan kolom {columns} dalam {rows} baris pertama. Tambahkan satu baris nama kolom di atas daftar, sekurang-kurangnya {columns}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="62"/>
        <source>These columns appear twice in the header: {names}. Keep one of each.</source>
        <comment>file.repeated_column</comment>
        <translation>Kolom berikut muncul dua kali di baris judul: {names}. Sisakan satu saja.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="67"/>
        <source>This file is not a CSV or XLSX spreadsheet ({reason}). Open the list in Excel or LibreOffice and save it as .xlsx or as CSV.</source>
        <comment>file.not_csv_or_xlsx</comment>
        <translation>Berkas ini bukan spreadsheet CSV atau XLSX ({reason}). Buka daftar di Excel atau LibreOffice lalu simpan sebagai .xlsx atau CSV.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="73"/>
        <source>{name} is named like an Excel workbook but is not one: it holds plain text with no list in it. Open the real list in Excel or LibreOffice and save it as Excel Workbook (.xlsx) or as CSV.</source>
        <comment>file.excel_name_but_text</comment>
        <translation>{name} bernama seperti berkas Excel tetapi bukan berkas Excel: isinya teks biasa tanpa daftar. Buka daftar yang asli di Excel atau LibreOffice lalu simpan sebagai Excel Workbook (.xlsx) atau CSV.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="80"/>
        <source>{name} is named like an Excel workbook but holds a CSV list; it was read as CSV.</source>
        <comment>file.excel_name_read_as_csv</comment>
        <translation>{name} bernama seperti berkas Excel tetapi berisi daftar CSV; berkas ini dibaca sebagai CSV.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="85"/>
        <source>The list has more than {max} rows (empty but formatted rows count too). Split it into one file per village, or delete the empty rows below the list.</source>
        <comment>file.too_many_rows</comment>
        <translation>Daftar memiliki lebih dari {max} baris (baris kosong yang diformat juga dihitung). Pecah menjadi satu berkas per desa, atau hapus baris kosong di bawah daftar.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="91"/>
        <source>The file is {size} MiB; split lists larger than {max} MiB.</source>
        <comment>file.too_large</comment>
        <translation>Berkas berukuran {size} MB; pecah daftar yang lebih besar dari {max} MB.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="96"/>
        <source>This is an old Excel 97-2003 (.xls) file. Open it in Excel and save it as Excel Workbook (.xlsx) or CSV, then import again.</source>
        <comment>file.old_xls</comment>
        <translation>Ini berkas Excel 97-2003 (.xls). Buka di Excel lalu simpan sebagai Excel Workbook (.xlsx) atau CSV, kemudian impor lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="102"/>
        <source>Row {row} has a cell longer than {limit} characters, or a quote that is never closed. Check that row in Excel, save the file again and import it.</source>
        <comment>file.field_too_long</comment>
        <translation>Baris {row} memiliki sel lebih dari {limit} karakter, atau tanda kutip yang tidak ditutup. Periksa baris itu di Excel, simpan lagi, lalu impor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="108"/>
        <source>The file was read as {encoding} (not UTF-8); check that names with accents look right.</source>
        <comment>file.encoding</comment>
        <translation>Berkas dibaca sebagai {encoding} (bukan UTF-8); periksa nama yang memakai huruf beraksen.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="113"/>
        <source>The file cannot be read past row {row}; it may be damaged. Open it in Excel or LibreOffice, save it again and import it.</source>
        <comment>file.damaged</comment>
        <translation>Berkas tidak dapat dibaca setelah baris {row}; mungkin rusak. Buka di Excel atau LibreOffice, simpan lagi, lalu impor.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="119"/>
        <source>The sheet has {count} merged cell range(s); each merged cell was read as the value it shows.</source>
        <comment>file.merged_cells</comment>
        <translation>Lembar ini memiliki {count} rentang sel gabungan (merge); setiap sel gabungan dibaca sesuai nilai yang ditampilkan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="124"/>
        <source>The workbook is too large inside ({reason}); a target list is at most {max} rows of short text. Copy the list alone into a new workbook, save it and import again.</source>
        <comment>file.xlsx_too_large</comment>
        <translation>Isi workbook terlalu besar ({reason}); daftar sasaran paling banyak {max} baris teks pendek. Salin daftarnya saja ke workbook baru, simpan, lalu impor lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="130"/>
        <source>The workbook declares XML entities, which Excel never writes; it may have been made to attack the importer. Open it in Excel, save it as a new .xlsx and import that.</source>
        <comment>file.xml_entities</comment>
        <translation>Workbook ini mendeklarasikan entitas XML, yang tidak pernah ditulis Excel; berkas ini mungkin dibuat untuk menyerang pengimpor. Buka di Excel, simpan sebagai .xlsx baru, lalu impor berkas itu.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="137"/>
        <source>The file has a header row but no targets below it.</source>
        <comment>file.no_rows</comment>
        <translation>Berkas memiliki baris judul tetapi tidak ada sasaran di bawahnya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="138"/>
        <source>it is a PDF, an image or an archive</source>
        <comment>reason.document</comment>
        <translation>berupa PDF, gambar atau arsip</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="139"/>
        <source>it contains binary data</source>
        <comment>reason.binary</comment>
        <translation>berisi data biner</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="140"/>
        <source>it contains control characters</source>
        <comment>reason.control_characters</comment>
        <translation>berisi karakter kontrol</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="141"/>
        <source>a ZIP archive without an Excel workbook</source>
        <comment>reason.zip_without_workbook</comment>
        <translation>arsip ZIP tanpa workbook Excel</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="142"/>
        <source>a damaged or unreadable ZIP archive</source>
        <comment>reason.zip_damaged</comment>
        <translation>arsip ZIP yang rusak atau tidak terbaca</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="143"/>
        <source>a ZIP archive packed in a way Excel does not use</source>
        <comment>reason.zip_packed_oddly</comment>
        <translation>arsip ZIP yang dikemas dengan cara yang tidak dipakai Excel</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="144"/>
        <source>a cell or text longer than {kib} KiB</source>
        <comment>reason.long_text</comment>
        <translation>sel atau teks lebih dari {kib} KB</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="145"/>
        <source>a shared string longer than {kib} KiB</source>
        <comment>reason.long_shared_string</comment>
        <translation>string bersama lebih dari {kib} KB</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="146"/>
        <source>over {mib} MiB unpacked</source>
        <comment>reason.unpacked</comment>
        <translation>lebih dari {mib} MB setelah dibuka</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="147"/>
        <source>over {mib} MiB of text</source>
        <comment>reason.shared_strings</comment>
        <translation>lebih dari {mib} MB teks</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="148"/>
        <source>NIK</source>
        <comment>number.nik</comment>
        <translation>NIK</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="149"/>
        <source>KK number</source>
        <comment>number.kk</comment>
        <translation>Nomor KK</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="150"/>
        <source>The {column} cell holds a formula; formulas are not imported. Select the column, Copy, then Paste Special &gt; Values, save and import again.</source>
        <comment>cell.formula</comment>
        <translation>Sel {column} berisi rumus; rumus tidak diimpor. Pilih kolomnya, Salin, lalu Tempel Spesial &gt; Nilai (Values), simpan dan impor lagi.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="156"/>
        <source>The {number} cell is part of a merged range shared with another row; each person needs their own cell. Unmerge the cells.</source>
        <comment>cell.merged</comment>
        <translation>Sel {number} tergabung (merge) dengan baris lain; setiap orang perlu sel sendiri. Pisahkan (unmerge) sel tersebut.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="162"/>
        <source>The {number} is a number cell. Excel stored it as a number and keeps only 15 digits, so the last digit is lost. Fix: format the NIK column as Text, re-type (or paste) the full 16-digit numbers, save, and import again; or export a CSV from a sheet whose NIK column is Text.</source>
        <comment>cell.stored_as_number</comment>
        <translation>{number} berupa sel angka. Excel menyimpannya sebagai angka dan hanya menyimpan 15 digit, sehingga digit terakhir hilang. Perbaikan: ubah format kolom NIK menjadi Text, ketik ulang (atau tempel) 16 digit lengkap, simpan, lalu impor lagi; atau ekspor CSV dari lembar yang kolom NIK-nya Text.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="170"/>
        <source>The {number} is in scientific notation (like 3.31501E+15). Excel stored it as a number and keeps only 15 digits, so the last digit is lost. Fix: format the NIK column as Text, re-type (or paste) the full 16-digit numbers, save, and import again; or export a CSV from a sheet whose NIK column is Text.</source>
        <comment>cell.scientific_notation</comment>
        <translation>{number} tertulis dalam notasi ilmiah (seperti 3.31501E+15). Excel menyimpannya sebagai angka dan hanya menyimpan 15 digit, sehingga digit terakhir hilang. Perbaikan: ubah format kolom NIK menjadi Text, ketik ulang (atau tempel) 16 digit lengkap, simpan, lalu impor lagi; atau ekspor CSV dari lembar yang kolom NIK-nya Text.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="178"/>
        <source>The {number} has decimals. Excel stored it as a number and keeps only 15 digits, so the last digit is lost. Fix: format the NIK column as Text, re-type (or paste) the full 16-digit numbers, save, and import again; or export a CSV from a sheet whose NIK column is Text.</source>
        <comment>cell.decimals</comment>
        <translation>{number} memiliki angka desimal. Excel menyimpannya sebagai angka dan hanya menyimpan 15 digit, sehingga digit terakhir hilang. Perbaikan: ubah format kolom NIK menjadi Text, ketik ulang (atau tempel) 16 digit lengkap, simpan, lalu impor lagi; atau ekspor CSV dari lembar yang kolom NIK-nya Text.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="186"/>
        <source>{column} is longer than {limit} characters and was cut.</source>
        <comment>cell.too_long</comment>
        <translation>{column} lebih dari {limit} karakter dan dipotong.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="191"/>
        <source>The birth date gives only a year; it was not stored.</source>
        <comment>tanggal_lahir.year_only</comment>
        <translation>Tanggal lahir hanya berisi tahun; tidak disimpan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="196"/>
        <source>The birth date looks like month/day/year; it was read as day/month/year.</source>
        <comment>tanggal_lahir.month_first</comment>
        <translation>Tanggal lahir tampak berformat bulan/tanggal/tahun; dibaca sebagai tanggal/bulan/tahun.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="201"/>
        <source>The birth date is not a date FieldKit understands; write it as DD-MM-YYYY (e.g. 17-08-1950) or use an Excel date cell.</source>
        <comment>tanggal_lahir.unreadable</comment>
        <translation>Tanggal lahir tidak dapat dibaca; tulis sebagai DD-MM-YYYY (misalnya 17-08-1950) atau gunakan sel tanggal Excel.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="207"/>
        <source>The birth date {date} does not exist.</source>
        <comment>tanggal_lahir.invalid</comment>
        <translation>Tanggal lahir {date} tidak ada di kalender.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="208"/>
        <source>The birth date is in the future.</source>
        <comment>tanggal_lahir.future</comment>
        <translation>Tanggal lahir ada di masa depan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="209"/>
        <source>Jenis kelamin must be L or P (Laki-laki / Perempuan).</source>
        <comment>jenis_kelamin.unknown</comment>
        <translation>Jenis kelamin harus L atau P (Laki-laki / Perempuan).</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="214"/>
        <source>Kategori {category} is not one of lansia, disabilitas, ODGJ, terbaring, lainnya; it was stored as lainnya.</source>
        <comment>kategori.unknown</comment>
        <translation>Kategori {category} bukan lansia, disabilitas, ODGJ, terbaring atau lainnya; disimpan sebagai lainnya.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="220"/>
        <source>{field} must be a number of up to 3 digits; it was not stored.</source>
        <comment>rt_rw.invalid</comment>
        <translation>{field} harus berupa angka paling banyak 3 digit; tidak disimpan.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="225"/>
        <source>The name (Nama) is empty.</source>
        <comment>nama.missing</comment>
        <translation>Nama kosong.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="226"/>
        <source>The name is longer than {max} characters.</source>
        <comment>nama.too_long</comment>
        <translation>Nama lebih dari {max} karakter.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="227"/>
        <source>The NIK is empty.</source>
        <comment>nik.missing</comment>
        <translation>NIK kosong.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="228"/>
        <source>The KK number equals the NIK; a KK number is the family card&apos;s own number.</source>
        <comment>kk.same_as_nik</comment>
        <translation>Nomor KK sama dengan NIK; nomor KK adalah nomor kartu keluarga sendiri.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="233"/>
        <source>The same NIK is already on row {row} of this file.</source>
        <comment>nik.duplicate_in_file</comment>
        <translation>NIK yang sama sudah ada di baris {row} berkas ini.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="238"/>
        <source>This NIK is already a target of visit {visit} on {date}.</source>
        <comment>nik.duplicate_stored</comment>
        <translation>NIK ini sudah menjadi sasaran kunjungan {visit} tanggal {date}.</translation>
    </message>
</context>
<context>
    <name>team</name>
    <message numerus="yes">
        <location filename="../../fieldkit/planning/sentences.py" line="243"/>
        <source>%n target(s): {minutes} min of recording at {each} min each, more for {conditions}</source>
        <comment>recording</comment>
        <translation>
            <numerusform>%Ln sasaran: {minutes} menit perekaman, {each} menit per orang, lebih lama untuk {conditions}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/planning/sentences.py" line="255"/>
        <source>%n target(s): {minutes} min of recording at {each} min each</source>
        <comment>recording_plain</comment>
        <translation>
            <numerusform>%Ln sasaran: {minutes} menit perekaman, {each} menit per orang</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="267"/>
        <source>door to door on {terrain} terrain: {each} min between houses, {minutes} min</source>
        <comment>travel</comment>
        <translation>dari rumah ke rumah di medan {terrain}: {each} menit antarrumah, {minutes} menit</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="272"/>
        <source>coordination with the village: {minutes} min</source>
        <comment>coordination</comment>
        <translation>koordinasi dengan aparat desa/kelurahan: {minutes} menit</translation>
    </message>
    <message numerus="yes">
        <location filename="../../fieldkit/planning/sentences.py" line="277"/>
        <source>%n target(s) ODGJ, bed-bound or disabled: a second petugas</source>
        <comment>assisted</comment>
        <translation>
            <numerusform>%Ln sasaran ODGJ, terbaring atau disabilitas: perlu petugas kedua</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="289"/>
        <source>sulit terrain: a second petugas for safety</source>
        <comment>hard_terrain</comment>
        <translation>medan sulit: petugas kedua demi keselamatan</translation>
    </message>
    <message>
        <location filename="../../fieldkit/planning/sentences.py" line="294"/>
        <source>{minutes} min is more than one field day ({day} min): split the list over {days} visits</source>
        <comment>split</comment>
        <translation>{minutes} menit melebihi satu hari lapangan ({day} menit): bagi daftar ke dalam {days} kunjungan</translation>
    </message>
</context>
</TS>
