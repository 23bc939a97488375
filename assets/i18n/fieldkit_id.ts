<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id" sourcelanguage="en">
<context>
    <name>CardBindBox</name>
    <message>
        <location filename="../../ui/card_login.py" line="221"/>
        <source>My staff card</source>
        <translation>Kartu petugas saya</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="226"/>
        <source>Bind the card on the reader</source>
        <translation>Hubungkan kartu di pembaca</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="228"/>
        <source>Forget my card (lost)</source>
        <translation>Lupakan kartu saya (hilang)</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="231"/>
        <source>Log in with your staff card and its PIN too: bind it once here.</source>
        <translation>Masuk juga dengan kartu petugas dan PIN-nya: hubungkan sekali di sini.</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="235"/>
        <source>Your password</source>
        <translation>Kata sandi Anda</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="236"/>
        <source>Card PIN</source>
        <translation>PIN kartu</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="248"/>
        <source>Your staff card is forgotten on this laptop.</source>
        <translation>Kartu petugas Anda sudah dilupakan di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="250"/>
        <source>No staff card was bound to you on this laptop.</source>
        <translation>Tidak ada kartu petugas yang terhubung dengan Anda di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="256"/>
        <source>Card %1 bound: log in with it and its PIN.</source>
        <translation>Kartu %1 terhubung: masuk dengan kartu itu dan PIN-nya.</translation>
    </message>
</context>
<context>
    <name>CardBox</name>
    <message>
        <location filename="../../ui/card_login.py" line="94"/>
        <source>The PIN has 4 to 12 digits.</source>
        <translation>PIN terdiri dari 4 sampai 12 angka.</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="98"/>
        <source>Reading the card…</source>
        <translation>Membaca kartu…</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="130"/>
        <source>Staff card</source>
        <translation>Kartu petugas</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="131"/>
        <source>PIN of the card</source>
        <translation>PIN kartu</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="139"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
</context>
<context>
    <name>CardLoginBox</name>
    <message>
        <location filename="../../ui/card_login.py" line="158"/>
        <source>Log in with the card</source>
        <translation>Masuk dengan kartu</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="159"/>
        <source>Put your staff card on the reader, then type its PIN.</source>
        <translation>Letakkan kartu petugas di pembaca, lalu ketik PIN-nya.</translation>
    </message>
</context>
<context>
    <name>CardUnlockBox</name>
    <message>
        <location filename="../../ui/card_login.py" line="186"/>
        <source>Unlock with the card</source>
        <translation>Buka dengan kartu</translation>
    </message>
    <message>
        <location filename="../../ui/card_login.py" line="187"/>
        <source>Or put your staff card on the reader and type its PIN.</source>
        <translation>Atau letakkan kartu petugas Anda di pembaca lalu ketik PIN-nya.</translation>
    </message>
</context>
<context>
    <name>DevicesPanel</name>
    <message>
        <location filename="../../ui/devices_panel.py" line="32"/>
        <source>Devices</source>
        <translation>Perangkat</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="34"/>
        <source>Face camera</source>
        <translation>Kamera wajah</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="35"/>
        <source>Fingerprint scanner</source>
        <translation>Pemindai sidik jari</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="36"/>
        <source>Iris camera</source>
        <translation>Kamera iris</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="37"/>
        <source>Signature pad</source>
        <translation>Pad tanda tangan</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="38"/>
        <source>Card reader</source>
        <translation>Pembaca kartu</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="41"/>
        <source>Ready</source>
        <translation>Siap</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="42"/>
        <source>Busy</source>
        <translation>Sibuk</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="43"/>
        <source>Not ready</source>
        <translation>Belum siap</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="44"/>
        <source>Disconnected</source>
        <translation>Terputus</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="45"/>
        <source>Error</source>
        <translation>Galat</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="52"/>
        <location filename="../../ui/home_page.py" line="211"/>
        <source>◌ Checking…</source>
        <translation>◌ Memeriksa…</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="71"/>
        <source>simulator (training)</source>
        <translation>simulator (latihan)</translation>
    </message>
</context>
<context>
    <name>EnrollmentPage</name>
    <message>
        <location filename="../../ui/enrollment_page.py" line="334"/>
        <source>Consent</source>
        <extracomment>The draft&apos;s current step after every change (a ``Step`` value).</extracomment>
        <translation>Persetujuan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="335"/>
        <location filename="../../ui/enrollment_page.py" line="1349"/>
        <source>Face</source>
        <translation>Wajah</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="336"/>
        <source>Fingers</source>
        <translation>Sidik jari</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="337"/>
        <source>Irises</source>
        <translation>Iris</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="338"/>
        <location filename="../../ui/enrollment_page.py" line="454"/>
        <location filename="../../ui/enrollment_page.py" line="1349"/>
        <source>Signature</source>
        <translation>Tanda tangan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="339"/>
        <source>Review</source>
        <translation>Periksa</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="342"/>
        <source>not captured</source>
        <translation>belum direkam</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="343"/>
        <source>below the threshold</source>
        <translation>di bawah ambang</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="344"/>
        <source>good</source>
        <translation>baik</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="345"/>
        <source>kept below threshold (flagged)</source>
        <translation>disimpan di bawah ambang (ditandai)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="346"/>
        <source>exception (flagged)</source>
        <translation>pengecualian (ditandai)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="368"/>
        <source>Visit</source>
        <translation>Kunjungan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="398"/>
        <source>Pause</source>
        <translation>Jeda</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="402"/>
        <source>Pause: keep the draft for later</source>
        <translation>Jeda: simpan draf untuk nanti</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="412"/>
        <source>Visit list</source>
        <translation>Daftar sasaran</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="413"/>
        <source>Add a person on the spot</source>
        <translation>Tambah orang di tempat</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="414"/>
        <source>Drafts (paused)</source>
        <translation>Draf (dijeda)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="429"/>
        <source>Recording cannot start: this laptop is not enrolled with a data center yet, so nothing recorded could be delivered.</source>
        <translation>Perekaman belum bisa dimulai: laptop ini belum terdaftar di data center, jadi hasil rekaman tidak akan bisa dikirim.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="434"/>
        <source>Open Sync to enroll</source>
        <translation>Buka Sinkronisasi untuk mendaftar</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="451"/>
        <source>Fingers: 4-4-2 slaps</source>
        <translation>Sidik jari: 4-4-2 (slap)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="452"/>
        <source>Fingers: one at a time</source>
        <translation>Sidik jari: satu per satu</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="456"/>
        <source>Thumbprint (cannot sign)</source>
        <translation>Cap jempol (tidak dapat menandatangani)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="467"/>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="467"/>
        <location filename="../../ui/enrollment_page.py" line="556"/>
        <location filename="../../ui/enrollment_page.py" line="577"/>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="467"/>
        <location filename="../../ui/enrollment_page.py" line="564"/>
        <source>Categories</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="467"/>
        <source>Outcome</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="471"/>
        <source>Start enrollment of the selected person</source>
        <translation>Mulai perekaman orang yang dipilih</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="476"/>
        <source>Not recorded: say why</source>
        <translation>Tidak direkam: sebutkan alasannya</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="479"/>
        <source>Not at home</source>
        <translation>Tidak di rumah</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="480"/>
        <source>Refused</source>
        <translation>Menolak</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="481"/>
        <source>Deceased</source>
        <translation>Meninggal dunia</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="482"/>
        <source>Moved away</source>
        <translation>Pindah</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="483"/>
        <source>Unable (give a reason)</source>
        <translation>Tidak dapat (sebutkan alasan)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="484"/>
        <source>Revisit on a date</source>
        <translation>Kunjungan ulang pada tanggal</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="489"/>
        <source>reason</source>
        <translation>alasan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="492"/>
        <source>Record outcome</source>
        <translation>Catat hasil</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="497"/>
        <source>revisit</source>
        <translation>kunjungan ulang</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="518"/>
        <source>L (male)</source>
        <translation>L (laki-laki)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="519"/>
        <source>P (female)</source>
        <translation>P (perempuan)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="526"/>
        <source>RT</source>
        <translation>RT</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="528"/>
        <source>RW</source>
        <translation>RW</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="532"/>
        <source>Elderly (lansia)</source>
        <translation>Lansia</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="533"/>
        <source>Disability (disabilitas)</source>
        <translation>Disabilitas</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="534"/>
        <source>Mental illness (ODGJ)</source>
        <translation>ODGJ</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="535"/>
        <source>Bed-bound (terbaring)</source>
        <translation>Terbaring</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="536"/>
        <source>Other (lainnya)</source>
        <translation>Lainnya</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="544"/>
        <source>which disability, or the &apos;other&apos; category</source>
        <translation>jenis disabilitas, atau keterangan kategori &apos;lainnya&apos;</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="547"/>
        <source>Check NIK and KK</source>
        <translation>Periksa NIK dan KK</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="549"/>
        <source>Add and start enrollment</source>
        <translation>Tambah dan mulai perekaman</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="557"/>
        <source>KK number</source>
        <translation>Nomor KK</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="558"/>
        <source>Full name</source>
        <translation>Nama lengkap</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="559"/>
        <source>Birth place</source>
        <translation>Tempat lahir</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="560"/>
        <source>Birth date</source>
        <translation>Tanggal lahir</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="561"/>
        <source>Sex</source>
        <translation>Jenis kelamin</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="562"/>
        <source>Address</source>
        <translation>Alamat</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="577"/>
        <source>Draft</source>
        <translation>Draf</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="577"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="577"/>
        <source>Still to do</source>
        <translation>Masih kurang</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="580"/>
        <source>Resume the selected draft</source>
        <translation>Lanjutkan draf yang dipilih</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="588"/>
        <source>Consent before any capture</source>
        <translation>Persetujuan sebelum perekaman</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="589"/>
        <source>The person themself</source>
        <translation>Orang itu sendiri</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="590"/>
        <source>A guardian (wali) for them</source>
        <translation>Wali atas namanya</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="591"/>
        <source>A caretaker (pendamping) for them</source>
        <translation>Pendamping atas namanya</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="598"/>
        <source>e.g. anak, istri, perawat panti</source>
        <translation>mis. anak, istri, perawat panti</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="601"/>
        <source>optional</source>
        <translation>opsional</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="602"/>
        <source>Take consent photo (optional)</source>
        <translation>Ambil foto persetujuan (opsional)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="604"/>
        <location filename="../../ui/enrollment_page.py" line="1063"/>
        <source>No photo.</source>
        <translation>Belum ada foto.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="606"/>
        <location filename="../../ui/enrollment_page.py" line="609"/>
        <source>Record consent</source>
        <translation>Catat persetujuan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="615"/>
        <source>Name of the guardian</source>
        <translation>Nama wali</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="616"/>
        <source>Relation</source>
        <translation>Hubungan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="617"/>
        <source>NIK of the guardian</source>
        <translation>NIK wali</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="632"/>
        <location filename="../../ui/enrollment_page.py" line="638"/>
        <location filename="../../ui/enrollment_page.py" line="700"/>
        <source>Capture</source>
        <translation>Rekam</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="633"/>
        <source>Retry</source>
        <translation>Ulangi</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="634"/>
        <source>Keep with a reason…</source>
        <translation>Simpan dengan alasan…</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="635"/>
        <source>Defer this step</source>
        <translation>Tunda langkah ini</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="636"/>
        <source>Exception…</source>
        <translation>Pengecualian…</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="642"/>
        <source>Retry (the best attempt is kept)</source>
        <translation>Ulangi (percobaan terbaik yang disimpan)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="648"/>
        <source>Keep below the threshold, with a reason</source>
        <translation>Simpan di bawah ambang, dengan alasan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="651"/>
        <source>Defer this step for later</source>
        <translation>Tunda langkah ini untuk nanti</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="655"/>
        <source>Record a finger or eye exception</source>
        <translation>Catat pengecualian jari atau mata</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="668"/>
        <source>why the person cannot sign</source>
        <translation>mengapa orang ini tidak dapat menandatangani</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="669"/>
        <source>Use a thumbprint instead</source>
        <translation>Gunakan cap jempol</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="701"/>
        <source>State</source>
        <translation>Keadaan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="702"/>
        <source>Attempts</source>
        <translation>Percobaan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="703"/>
        <source>Best score</source>
        <translation>Skor terbaik</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="704"/>
        <source>Exceptions</source>
        <translation>Pengecualian</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="718"/>
        <location filename="../../ui/enrollment_page.py" line="721"/>
        <source>Finish and seal the record</source>
        <translation>Selesai dan segel rekaman</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="768"/>
        <source>draft</source>
        <translation>draf</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="770"/>
        <source>no outcome yet</source>
        <translation>belum ada hasil</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="786"/>
        <source>paused</source>
        <translation>dijeda</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="786"/>
        <source>open</source>
        <translation>terbuka</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="801"/>
        <source>New enrollments are blocked until this laptop syncs with the data center. Drafts already started can still be finished.</source>
        <translation>Perekaman baru diblokir sampai laptop ini sinkron dengan data center. Draf yang sudah dimulai tetap dapat diselesaikan.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="832"/>
        <location filename="../../ui/enrollment_page.py" line="912"/>
        <source>Pick a person from the visit list first.</source>
        <translation>Pilih dulu orang dari daftar sasaran.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="876"/>
        <source>NIK and KK are valid.</source>
        <translation>NIK dan KK valid.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="883"/>
        <source>Pick a visit first.</source>
        <translation>Pilih dulu kunjungan.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="901"/>
        <source>Pick a draft first.</source>
        <translation>Pilih dulu draf.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="927"/>
        <source>Outcome recorded.</source>
        <translation>Hasil dicatat.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="998"/>
        <source>Paused. The draft is kept; resume it from the Drafts tab.</source>
        <translation>Dijeda. Draf disimpan; lanjutkan dari tab Draf.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="1008"/>
        <source>Step deferred: it stays on the list of what is missing.</source>
        <translation>Langkah ditunda: tetap ada di daftar yang masih kurang.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="1029"/>
        <source>The face camera is not connected.</source>
        <translation>Kamera wajah tidak terhubung.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="1032"/>
        <source>Taking the photo…</source>
        <translation>Mengambil foto…</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="1064"/>
        <source>Consent recorded.</source>
        <translation>Persetujuan dicatat.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="1076"/>
        <source>Both eyes</source>
        <translation>Kedua mata</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="1109"/>
        <source>Attempt %1 of %2 · %3</source>
        <translation>Percobaan %1 dari %2 · %3</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="1180"/>
        <source>Starting the preview…</source>
        <translation>Memulai pratinjau…</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="1206"/>
        <source>The preview stopped: %1</source>
        <translation>Pratinjau berhenti: %1</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="1265"/>
        <source>No device for this step.</source>
        <translation>Tidak ada perangkat untuk langkah ini.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="1271"/>
        <source>Capturing… follow the instruction.</source>
        <translation>Merekam… ikuti petunjuk.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="1282"/>
        <source>Attempt %1: score %2.</source>
        <translation>Percobaan %1: skor %2.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="1285"/>
        <source>Kept as the best.</source>
        <translation>Disimpan sebagai yang terbaik.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="1290"/>
        <source>%n attempt(s) left.</source>
        <translation>Sisa %n percobaan.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="1316"/>
        <source>Kept with a reason; flagged for the ketua tim.</source>
        <translation>Disimpan dengan alasan; ditandai untuk ketua tim.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="1356"/>
        <source>Right eye</source>
        <translation>Mata kanan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="1356"/>
        <source>Left eye</source>
        <translation>Mata kiri</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="1378"/>
        <source>Exception recorded with its proof photo; flagged for review.</source>
        <translation>Pengecualian dicatat dengan foto buktinya; ditandai untuk diperiksa.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="1419"/>
        <source>Still missing:</source>
        <translation>Masih kurang:</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="1423"/>
        <source>Everything is captured or excepted.</source>
        <translation>Semua sudah direkam atau dikecualikan.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="1455"/>
        <source>Sealing the record…</source>
        <translation>Menyegel rekaman…</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="1464"/>
        <source>Record %1 sealed (%2 flag(s) for the ketua tim); its plaintext is erased.</source>
        <translation>Rekaman %1 disegel (%2 tanda untuk ketua tim); data terbukanya sudah dihapus.</translation>
    </message>
</context>
<context>
    <name>ExceptionDialog</name>
    <message>
        <location filename="../../ui/enrollment_page.py" line="218"/>
        <source>Biometric exception</source>
        <translation>Pengecualian biometrik</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="161"/>
        <source>Amputated / missing</source>
        <translation>Diamputasi / tidak ada</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="162"/>
        <source>Bandaged / injured</source>
        <translation>Diperban / luka</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="163"/>
        <source>Worn / unreadable</source>
        <translation>Aus / tidak terbaca</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="164"/>
        <source>Tremor</source>
        <translation>Tremor</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="165"/>
        <source>Blind / eye disease</source>
        <translation>Tunanetra / penyakit mata</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="166"/>
        <source>Unable to cooperate</source>
        <translation>Tidak dapat bekerja sama</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="167"/>
        <source>Other</source>
        <translation>Lainnya</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="229"/>
        <source>Permanent</source>
        <translation>Permanen</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="230"/>
        <source>Temporary (re-record later)</source>
        <translation>Sementara (rekam ulang nanti)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="239"/>
        <source>description (required for &apos;other&apos;)</source>
        <translation>keterangan (wajib untuk &apos;lainnya&apos;)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="240"/>
        <source>Take proof photo (face camera)</source>
        <translation>Ambil foto bukti (kamera wajah)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="243"/>
        <source>No proof photo yet.</source>
        <translation>Belum ada foto bukti.</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="252"/>
        <source>Finger or eye</source>
        <translation>Jari atau mata</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="253"/>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="254"/>
        <source>Duration</source>
        <translation>Jangka waktu</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="255"/>
        <source>In words</source>
        <translation>Keterangan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="268"/>
        <source>Taking the photo…</source>
        <translation>Mengambil foto…</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="281"/>
        <source>Take the photo again</source>
        <translation>Ambil foto lagi</translation>
    </message>
</context>
<context>
    <name>FingerMap</name>
    <message>
        <location filename="../../ui/capture_widgets.py" line="244"/>
        <source>Left hand</source>
        <translation>Tangan kiri</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="244"/>
        <source>Right hand</source>
        <translation>Tangan kanan</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="263"/>
        <source>Thumb</source>
        <translation>Ibu jari</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="264"/>
        <source>Index</source>
        <translation>Telunjuk</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="265"/>
        <source>Middle</source>
        <translation>Jari tengah</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="266"/>
        <source>Ring</source>
        <translation>Jari manis</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="267"/>
        <source>Little</source>
        <translation>Kelingking</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="273"/>
        <source>captured</source>
        <translation>terekam</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="275"/>
        <source>exception</source>
        <translation>pengecualian</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="277"/>
        <source>below threshold</source>
        <translation>di bawah ambang</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="278"/>
        <source>pending</source>
        <translation>belum</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="129"/>
        <source>Set up FieldKit on this laptop</source>
        <translation>Siapkan FieldKit di laptop ini</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="129"/>
        <source>Create</source>
        <translation>Buat</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="133"/>
        <source>No FieldKit data was found in %1. Create it with the first admin account.</source>
        <translation>Data FieldKit tidak ditemukan di %1. Buat dengan akun admin pertama.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="144"/>
        <source>Office (regency code)</source>
        <translation>Kantor (kode kabupaten/kota)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="145"/>
        <source>User name</source>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="146"/>
        <source>Full name</source>
        <translation>Nama lengkap</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="147"/>
        <source>Password</source>
        <translation>Kata sandi</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="148"/>
        <source>Repeat password</source>
        <translation>Ulangi kata sandi</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="152"/>
        <source>The two passwords differ.</source>
        <translation>Kedua kata sandi tidak sama.</translation>
    </message>
</context>
<context>
    <name>ForceDialog</name>
    <message>
        <location filename="../../ui/enrollment_page.py" line="176"/>
        <source>Keep below the threshold</source>
        <translation>Simpan di bawah ambang</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="179"/>
        <source>Worn prints (age, farm work)</source>
        <translation>Sidik jari aus (usia, kerja tani)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="180"/>
        <source>Skin condition (dry, wet, scarred)</source>
        <translation>Kondisi kulit (kering, basah, bekas luka)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="181"/>
        <source>Cannot cooperate (tremor, agitation)</source>
        <translation>Tidak dapat bekerja sama (tremor, gelisah)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="182"/>
        <source>Eye condition (cataract, drooping lid)</source>
        <translation>Kondisi mata (katarak, kelopak turun)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="183"/>
        <source>Device limit (light, space)</source>
        <translation>Keterbatasan alat (cahaya, ruang)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="184"/>
        <source>Time limit (the person is exhausted)</source>
        <translation>Batas waktu (orang ini kelelahan)</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="185"/>
        <source>Other</source>
        <translation>Lainnya</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="190"/>
        <source>what happened, for the ketua tim</source>
        <translation>apa yang terjadi, untuk ketua tim</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="197"/>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <location filename="../../ui/enrollment_page.py" line="198"/>
        <source>In words</source>
        <translation>Keterangan</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../ui/home_page.py" line="99"/>
        <source>Data center not enrolled: records are sealed with the demo key</source>
        <extracomment>Warn this many days before the freeze rule blocks new enrollments. Warn when the waiting records reach this share of the limit. The store&apos;s and the audit chain&apos;s check has answered and the labels show it.</extracomment>
        <translation>Data center belum terdaftar: rekaman disegel dengan kunci demo</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="114"/>
        <source>This laptop is not enrolled with a data center yet, so recording cannot start: what it recorded could never be delivered. Enroll it on the Sync screen with the enrollment file from the operator.</source>
        <translation>Laptop ini belum terdaftar di data center, jadi perekaman belum bisa dimulai: hasil rekaman tidak akan pernah bisa dikirim. Daftarkan laptop di layar Sinkronisasi dengan berkas pendaftaran dari operator.</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="120"/>
        <source>Open Sync</source>
        <translation>Buka Sinkronisasi</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="130"/>
        <source>This laptop</source>
        <translation>Laptop ini</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="144"/>
        <source>Office</source>
        <translation>Kantor</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="145"/>
        <source>Officer</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="146"/>
        <source>Data store</source>
        <translation>Penyimpanan data</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="147"/>
        <source>Audit log</source>
        <translation>Log audit</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="148"/>
        <source>Backups</source>
        <translation>Cadangan</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="152"/>
        <source>Records and sync</source>
        <translation>Rekaman dan sinkronisasi</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="159"/>
        <source>Sealed records</source>
        <translation>Rekaman tersegel</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="160"/>
        <source>Waiting for the data center</source>
        <translation>Menunggu data center</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="161"/>
        <source>Last sync</source>
        <translation>Sinkronisasi terakhir</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="166"/>
        <source>Today&apos;s visits</source>
        <translation>Kunjungan hari ini</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="171"/>
        <source>Time</source>
        <translation>Jam</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="172"/>
        <source>Place</source>
        <translation>Tempat</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="173"/>
        <source>Team</source>
        <translation>Tim</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="174"/>
        <source>Targets</source>
        <translation>Sasaran</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="175"/>
        <source>Done</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="176"/>
        <source>Left</source>
        <translation>Sisa</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="184"/>
        <source>No visits planned for today.</source>
        <translation>Tidak ada kunjungan yang dijadwalkan hari ini.</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="238"/>
        <source>✔ healthy, encrypted</source>
        <translation>✔ sehat, terenkripsi</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="240"/>
        <source>✖ DAMAGED: %1</source>
        <translation>✖ RUSAK: %1</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="245"/>
        <source>✔ intact, %n event(s)</source>
        <translation>✔ utuh, %n kejadian</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="249"/>
        <source>✖ BROKEN at event %1</source>
        <translation>✖ RUSAK pada kejadian %1</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="206"/>
        <source>%n backup(s), latest %1</source>
        <translation>%n cadangan, terakhir %1</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="265"/>
        <source>%1 on this laptop (%2 not sent yet, %3 accepted)</source>
        <translation>%1 di laptop ini (%2 belum dikirim, %3 diterima)</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="271"/>
        <source>%1 of at most %2</source>
        <translation>%1 dari paling banyak %2</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="277"/>
        <source>never</source>
        <translation>belum pernah</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="282"/>
        <source>%1 day(s) ago (%2)</source>
        <translation>%1 hari lalu (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="293"/>
        <source>New enrollments are blocked: this laptop has gone too long without a sync, or holds too many records. Sync with the data center now. Recordings already started can still be finished.</source>
        <translation>Perekaman baru diblokir: laptop ini terlalu lama tidak disinkronkan, atau menyimpan terlalu banyak rekaman. Sinkronkan dengan data center sekarang. Perekaman yang sudah dimulai tetap dapat diselesaikan.</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="300"/>
        <source>Sync soon: in %1 day(s) new enrollments will be blocked until this laptop syncs.</source>
        <translation>Segera sinkronkan: dalam %1 hari perekaman baru akan diblokir sampai laptop ini disinkronkan.</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="305"/>
        <source>Sync soon: after %1 more record(s) new enrollments will be blocked.</source>
        <translation>Segera sinkronkan: setelah %1 rekaman lagi, perekaman baru akan diblokir.</translation>
    </message>
    <message>
        <location filename="../../ui/home_page.py" line="309"/>
        <source>Within the sync limits: %1 days, %2 waiting records.</source>
        <translation>Masih dalam batas sinkronisasi: %1 hari, %2 rekaman menunggu.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="179"/>
        <source>FieldKit login</source>
        <translation>Masuk FieldKit</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="179"/>
        <source>Log in</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="183"/>
        <source>User name</source>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="184"/>
        <source>Password</source>
        <translation>Kata sandi</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="191"/>
        <source>admin</source>
        <translation>admin</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="192"/>
        <source>team lead</source>
        <translation>ketua tim</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="193"/>
        <source>officer</source>
        <translation>petugas</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="200"/>
        <source>Training mode: made-up data, deleted when the app closes. Accounts: %1. The password of all of them, %2, is filled in.</source>
        <translation>Mode latihan: data rekaan, dihapus saat aplikasi ditutup. Akun: %1. Kata sandi semuanya, %2, sudah terisi.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="140"/>
        <source>FieldKit %1</source>
        <extracomment>The screen every field laptop must fit (accessibility: no scrolling off-screen). The screens built on first show, in the order ``ui.app`` warms them (OpenCV last). Core events after which the visible page reloads what it shows.</extracomment>
        <translation>FieldKit %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="142"/>
        <source>DEMO (training data, deleted on exit)</source>
        <translation>DEMO (data latihan, dihapus saat keluar)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="173"/>
        <source>Home</source>
        <extracomment>The screens in the stack so far (Home, those shown, those replaced).</extracomment>
        <translation>Beranda</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="174"/>
        <source>Planning</source>
        <translation>Perencanaan</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="175"/>
        <source>Enrollment</source>
        <translation>Perekaman</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="176"/>
        <source>Sarpras</source>
        <translation>Sarpras</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="177"/>
        <source>Sync</source>
        <translation>Sinkronisasi</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="178"/>
        <source>Reports</source>
        <translation>Laporan</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="179"/>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="207"/>
        <source>&amp;FieldKit</source>
        <translation>&amp;FieldKit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="208"/>
        <source>Back up now</source>
        <translation>Cadangkan sekarang</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="211"/>
        <source>Lock screen</source>
        <translation>Kunci layar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="214"/>
        <location filename="../../ui/main_window.py" line="236"/>
        <source>About FieldKit</source>
        <translation>Tentang FieldKit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="216"/>
        <source>Quit</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="222"/>
        <source>&amp;Go</source>
        <translation>&amp;Buka</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="229"/>
        <source>FieldKit %1
Offline e-KTP enrollment for jemput bola teams.
Data folder: %2</source>
        <translation>FieldKit %1
Perekaman KTP-el luring untuk tim jemput bola.
Folder data: %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="350"/>
        <location filename="../../ui/main_window.py" line="362"/>
        <source>Cannot show this screen</source>
        <translation>Layar ini tidak dapat ditampilkan</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="390"/>
        <source>LATIHAN · simulated devices · never sent, never in a report</source>
        <translation>LATIHAN · perangkat simulator · tidak dikirim, tidak masuk laporan</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="395"/>
        <source>Training: what is recorded now is training data. It is never sent to the data center and never appears in a report.</source>
        <translation>Latihan: yang direkam sekarang adalah data latihan. Data ini tidak pernah dikirim ke data center dan tidak pernah masuk laporan.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="458"/>
        <source>Backup failed</source>
        <translation>Pencadangan gagal</translation>
    </message>
</context>
<context>
    <name>PlanningPage</name>
    <message>
        <location filename="../../ui/planning_page.py" line="167"/>
        <source>planned</source>
        <translation>terjadwal</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="168"/>
        <source>cancelled</source>
        <translation>dibatalkan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="169"/>
        <source>done</source>
        <translation>selesai</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="172"/>
        <source>Requests</source>
        <translation>Permohonan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="173"/>
        <source>Visits and teams</source>
        <translation>Kunjungan dan tim</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="174"/>
        <location filename="../../ui/planning_page.py" line="246"/>
        <source>Targets</source>
        <translation>Sasaran</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="183"/>
        <source>New request (surat permohonan)</source>
        <translation>Permohonan baru (surat permohonan)</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="197"/>
        <source>Letter number</source>
        <translation>Nomor surat</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="198"/>
        <source>Letter date</source>
        <translation>Tanggal surat</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="199"/>
        <source>Requester type</source>
        <translation>Jenis pemohon</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="200"/>
        <location filename="../../ui/planning_page.py" line="209"/>
        <source>Requester</source>
        <translation>Pemohon</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="201"/>
        <source>Region code</source>
        <translation>Kode wilayah</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="202"/>
        <source>Subject</source>
        <translation>Perihal</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="203"/>
        <source>Save request</source>
        <translation>Simpan permohonan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="209"/>
        <location filename="../../ui/planning_page.py" line="243"/>
        <location filename="../../ui/planning_page.py" line="287"/>
        <source>Date</source>
        <translation>Tanggal</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="209"/>
        <source>Number</source>
        <translation>Nomor</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="209"/>
        <source>Visits</source>
        <translation>Kunjungan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="232"/>
        <source>Request %1 saved.</source>
        <translation>Permohonan %1 disimpan.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="244"/>
        <location filename="../../ui/planning_page.py" line="289"/>
        <source>Place</source>
        <translation>Tempat</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="245"/>
        <source>Team</source>
        <translation>Tim</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="247"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="264"/>
        <source>New visit</source>
        <translation>Kunjungan baru</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="274"/>
        <source>hospital or panti name</source>
        <translation>nama rumah sakit atau panti</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="286"/>
        <source>Request</source>
        <translation>Permohonan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="288"/>
        <source>Start time</source>
        <translation>Jam mulai</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="290"/>
        <source>Place name</source>
        <translation>Nama tempat</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="291"/>
        <source>Desa/kelurahan</source>
        <translation>Desa/kelurahan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="292"/>
        <source>Desa code</source>
        <translation>Kode desa</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="293"/>
        <source>Kecamatan code</source>
        <translation>Kode kecamatan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="294"/>
        <source>Terrain</source>
        <translation>Medan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="295"/>
        <source>Weekly visits</source>
        <translation>Kunjungan mingguan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="297"/>
        <source>Plan visit</source>
        <translation>Jadwalkan kunjungan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="299"/>
        <source>Give this team to the chosen visit</source>
        <translation>Tugaskan tim ini ke kunjungan terpilih</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="327"/>
        <source>%n visit(s) planned, the first on %1.</source>
        <translation>%n kunjungan dijadwalkan, yang pertama pada %1.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="340"/>
        <source>Choose a visit in the list first.</source>
        <translation>Pilih dulu sebuah kunjungan di daftar.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="348"/>
        <source>Team of the visit on %1 updated.</source>
        <translation>Tim kunjungan tanggal %1 diperbarui.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="363"/>
        <source>Suggested team: 1 ketua tim and %1 petugas, about %2 minutes of work.</source>
        <translation>Saran tim: 1 ketua tim dan %1 petugas, sekitar %2 menit kerja.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="373"/>
        <source>Import target list (CSV/XLSX)…</source>
        <translation>Impor daftar sasaran (CSV/XLSX)…</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="376"/>
        <source>Visit</source>
        <translation>Kunjungan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="384"/>
        <source>Row</source>
        <translation>Baris</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="384"/>
        <source>Result</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="384"/>
        <source>Problem</source>
        <translation>Masalah</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="390"/>
        <source>Import report</source>
        <translation>Laporan impor</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="406"/>
        <source>Search name, NIK or address…</source>
        <translation>Cari nama, NIK atau alamat…</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="409"/>
        <source>All conditions</source>
        <translation>Semua kondisi</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="415"/>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="416"/>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="417"/>
        <source>Sex</source>
        <translation>JK</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="418"/>
        <source>Born</source>
        <translation>Tgl lahir</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="419"/>
        <source>Address</source>
        <translation>Alamat</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="420"/>
        <source>Condition</source>
        <translation>Kondisi</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="452"/>
        <source>Choose the target list</source>
        <translation>Pilih daftar sasaran</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="454"/>
        <source>Target lists (*.csv *.xlsx *.txt);;All files (*)</source>
        <translation>Daftar sasaran (*.csv *.xlsx *.txt);;Semua berkas (*)</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="463"/>
        <source>Plan a visit first: targets belong to a visit.</source>
        <translation>Jadwalkan kunjungan dulu: sasaran selalu milik sebuah kunjungan.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="466"/>
        <source>Importing %1…</source>
        <translation>Mengimpor %1…</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="490"/>
        <source>%1 ok, %2 with warnings, %3 with errors.</source>
        <translation>%1 baik, %2 dengan peringatan, %3 dengan galat.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="497"/>
        <source>Imported %1 target(s): %2</source>
        <translation>%1 sasaran diimpor: %2</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="503"/>
        <source>Nothing was imported: %1 Fix the file and import it again.</source>
        <translation>Tidak ada yang diimpor: %1 Perbaiki berkasnya lalu impor lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="512"/>
        <source>ok</source>
        <translation>baik</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="513"/>
        <source>warning</source>
        <translation>peringatan</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="514"/>
        <source>error</source>
        <translation>galat</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="557"/>
        <source>%1 of %2 shown</source>
        <translation>%1 dari %2 ditampilkan</translation>
    </message>
</context>
<context>
    <name>QualityMeter</name>
    <message>
        <location filename="../../ui/capture_widgets.py" line="181"/>
        <source>no score yet</source>
        <extracomment>(QImage, QualityReport or None, frame sequence)</extracomment>
        <translation>belum ada skor</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="182"/>
        <source>Threshold %1</source>
        <translation>Ambang %1</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="194"/>
        <source>cannot be scored</source>
        <translation>tidak dapat dinilai</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="195"/>
        <source>Cannot be scored (threshold %1)</source>
        <translation>Tidak dapat dinilai (ambang %1)</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="201"/>
        <source>Good: score %1, threshold %2</source>
        <translation>Baik: skor %1, ambang %2</translation>
    </message>
    <message>
        <location filename="../../ui/capture_widgets.py" line="204"/>
        <source>Below the threshold: score %1, threshold %2</source>
        <translation>Di bawah ambang: skor %1, ambang %2</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../ui/reports_page.py" line="96"/>
        <source>Surat tugas (duty letter)</source>
        <extracomment>The document rendered, or None when no preview could be made.</extracomment>
        <translation>Surat tugas</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="97"/>
        <source>Surat balasan (draft reply)</source>
        <translation>Surat balasan (draf)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="100"/>
        <source>New document</source>
        <translation>Dokumen baru</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="107"/>
        <source>letter number (blank: dotted line to fill in)</source>
        <translation>nomor surat (kosong: titik-titik untuk diisi)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="108"/>
        <source>Generate PDF</source>
        <translation>Buat PDF</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="110"/>
        <source>Visit</source>
        <translation>Kunjungan</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="111"/>
        <source>Document</source>
        <translation>Dokumen</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="112"/>
        <source>Number</source>
        <translation>Nomor</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="117"/>
        <source>Open in PDF viewer</source>
        <translation>Buka di penampil PDF</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="119"/>
        <source>Documents on this laptop</source>
        <translation>Dokumen di laptop ini</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="129"/>
        <source>Choose a document to see its first page.</source>
        <translation>Pilih dokumen untuk melihat halaman pertamanya.</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="135"/>
        <source>Preview (page 1)</source>
        <translation>Pratinjau (halaman 1)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="148"/>
        <source>Letterhead and signatory (office profile)</source>
        <translation>Kop surat dan penanda tangan (profil kantor)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="157"/>
        <source>Office address</source>
        <translation>Alamat kantor</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="158"/>
        <source>Telephone, e-mail</source>
        <translation>Telepon, pos-el</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="159"/>
        <source>Head of office</source>
        <translation>Kepala dinas</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="160"/>
        <source>Head&apos;s NIP</source>
        <translation>NIP kepala dinas</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="166"/>
        <source>Save letterhead</source>
        <translation>Simpan kop surat</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="211"/>
        <source>Plan a visit first.</source>
        <translation>Jadwalkan kunjungan dulu.</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="226"/>
        <source>Cannot write the PDF: %1</source>
        <translation>PDF tidak dapat ditulis: %1</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="229"/>
        <source>Wrote %1</source>
        <translation>%1 dibuat</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="238"/>
        <source>Rendering %1…</source>
        <translation>Menampilkan %1…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="252"/>
        <source>No preview: the PDF renderer (poppler-utils) is missing or failed.</source>
        <translation>Pratinjau tidak tersedia: penampil PDF (poppler-utils) tidak terpasang atau gagal.</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="261"/>
        <source>Choose a document first.</source>
        <translation>Pilih dokumen dulu.</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="264"/>
        <source>No PDF viewer is set up on this computer.</source>
        <translation>Belum ada penampil PDF di komputer ini.</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="274"/>
        <source>Letterhead saved.</source>
        <translation>Kop surat disimpan.</translation>
    </message>
</context>
<context>
    <name>SarprasPage</name>
    <message>
        <location filename="../../ui/sarpras_page.py" line="66"/>
        <source>self-test not run</source>
        <translation>uji mandiri belum dijalankan</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="67"/>
        <source>not checked</source>
        <translation>belum diperiksa</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="68"/>
        <source>quantity not entered</source>
        <translation>jumlah belum diisi</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="69"/>
        <source>quantity returned not entered</source>
        <translation>jumlah yang dikembalikan belum diisi</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="70"/>
        <source>good / complete / clean not answered</source>
        <translation>baik / lengkap / bersih belum dijawab</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="71"/>
        <source>a note is needed</source>
        <translation>perlu catatan</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="74"/>
        <source>✔ ok</source>
        <translation>✔ baik</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="75"/>
        <source>✖ faulty</source>
        <translation>✖ rusak</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="76"/>
        <source>✖ missing</source>
        <translation>✖ tidak ada</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="92"/>
        <source>Pre-trip (check-out)</source>
        <translation>Pengambilan (sebelum berangkat)</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="93"/>
        <source>Return (check-in)</source>
        <translation>Pengembalian</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="95"/>
        <source>Test the simulators (training, no hardware)</source>
        <translation>Uji simulator (latihan, tanpa perangkat)</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="96"/>
        <source>Run device self-tests</source>
        <translation>Jalankan uji mandiri perangkat</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="99"/>
        <source>Visit</source>
        <translation>Kunjungan</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="110"/>
        <source>Item</source>
        <translation>Barang</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="111"/>
        <source>Self-test</source>
        <translation>Uji mandiri</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="112"/>
        <source>Condition</source>
        <translation>Kondisi</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="113"/>
        <source>Quantity</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="114"/>
        <source>Note</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="115"/>
        <source>Still to do</source>
        <translation>Belum selesai</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="126"/>
        <source>Selected row</source>
        <translation>Baris terpilih</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="133"/>
        <source>good (baik)</source>
        <translation>baik</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="134"/>
        <source>complete (lengkap)</source>
        <translation>lengkap</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="135"/>
        <source>clean (bersih)</source>
        <translation>bersih</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="138"/>
        <source>qty </source>
        <translation>jml </translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="140"/>
        <source>note: what is wrong</source>
        <translation>catatan: apa yang bermasalah</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="141"/>
        <source>Save row</source>
        <translation>Simpan baris</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="157"/>
        <source>Mark every other row OK</source>
        <translation>Tandai baris lainnya baik</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="159"/>
        <source>Sign as ketua tim</source>
        <translation>Tanda tangani sebagai ketua tim</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="212"/>
        <source>not run</source>
        <translation>belum dijalankan</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="214"/>
        <source>✔ passed</source>
        <translation>✔ lulus</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="216"/>
        <source>✖ failed</source>
        <translation>✖ gagal</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="223"/>
        <source>good</source>
        <translation>baik</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="224"/>
        <source>complete</source>
        <translation>lengkap</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="225"/>
        <source>clean</source>
        <translation>bersih</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="246"/>
        <source>Not started: run the self-tests or mark the rows to begin.</source>
        <translation>Belum dimulai: jalankan uji mandiri atau tandai baris untuk memulai.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="249"/>
        <source>Signed by %1 on %2.</source>
        <translation>Ditandatangani oleh %1 pada %2.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="253"/>
        <source>%n row(s) still to do before it can be signed.</source>
        <translation>Masih %n baris yang harus diisi sebelum dapat ditandatangani.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="257"/>
        <source>Complete. Only the ketua tim may sign: log in as the ketua tim.</source>
        <translation>Lengkap. Hanya ketua tim yang boleh menandatangani: masuk sebagai ketua tim.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="259"/>
        <source>Complete: ready for your signature.</source>
        <translation>Lengkap: siap Anda tandatangani.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="280"/>
        <source>Choose a row in the list.</source>
        <translation>Pilih sebuah baris di daftar.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="305"/>
        <location filename="../../ui/sarpras_page.py" line="377"/>
        <source>Plan a visit first.</source>
        <translation>Jadwalkan kunjungan dulu.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="314"/>
        <source>Testing the devices… this takes a few seconds.</source>
        <translation>Menguji perangkat… ini memerlukan beberapa detik.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="327"/>
        <source>Self-test failed: %1</source>
        <translation>Uji mandiri gagal: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="329"/>
        <source>Every device passed its self-test.</source>
        <translation>Semua perangkat lulus uji mandiri.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="371"/>
        <source>Saved: %1</source>
        <translation>Disimpan: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="384"/>
        <source>The other rows are marked OK.</source>
        <translation>Baris lainnya ditandai baik.</translation>
    </message>
    <message>
        <location filename="../../ui/sarpras_page.py" line="396"/>
        <source>Checklist signed.</source>
        <translation>Daftar periksa ditandatangani.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/settings_page.py" line="72"/>
        <source>Face camera</source>
        <translation>Kamera wajah</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="73"/>
        <source>Fingerprint scanner</source>
        <translation>Pemindai sidik jari</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="74"/>
        <source>Iris camera</source>
        <translation>Kamera iris</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="75"/>
        <source>Signature pad</source>
        <translation>Pad tanda tangan</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="76"/>
        <source>Card reader</source>
        <translation>Pembaca kartu</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="79"/>
        <source>● Ready</source>
        <translation>● Siap</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="80"/>
        <source>◐ Busy</source>
        <translation>◐ Sibuk</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="81"/>
        <source>◌ Not ready</source>
        <translation>◌ Belum siap</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="82"/>
        <source>✖ Disconnected</source>
        <translation>✖ Terputus</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="83"/>
        <source>⚠ Error</source>
        <translation>⚠ Galat</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="107"/>
        <source>Devices and backends</source>
        <translation>Perangkat dan backend</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="111"/>
        <source>Device</source>
        <translation>Perangkat</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="111"/>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="111"/>
        <source>State</source>
        <translation>Keadaan</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="111"/>
        <source>Detail</source>
        <translation>Rincian</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="114"/>
        <source>Check devices now</source>
        <translation>Periksa perangkat sekarang</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="124"/>
        <source>Use this backend</source>
        <translation>Gunakan backend ini</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="142"/>
        <source>automatic</source>
        <translation>otomatis</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="151"/>
        <source>Looking for devices…</source>
        <translation>Mencari perangkat…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="173"/>
        <source>%n device(s) checked.</source>
        <translation>%n perangkat diperiksa.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="196"/>
        <source>%1 will use %2 from the next start of FieldKit.</source>
        <translation>%1 akan memakai %2 mulai FieldKit dibuka berikutnya.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="205"/>
        <source>Every device is detected automatically.</source>
        <translation>Semua perangkat dideteksi otomatis.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="211"/>
        <source>Pinned: %1</source>
        <translation>Ditetapkan: %1</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="219"/>
        <source>Training mode</source>
        <translation>Mode latihan</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="221"/>
        <source>Train with the simulated devices (LATIHAN)</source>
        <translation>Berlatih dengan perangkat simulator (LATIHAN)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="230"/>
        <source>Training records go to a visit of their own (Desa Latihan): they are never sent and never appear in a report. Real visits cannot be recorded meanwhile.</source>
        <translation>Rekaman latihan masuk ke kunjungan tersendiri (Desa Latihan): tidak pernah dikirim dan tidak pernah masuk laporan. Selama mode ini aktif, kunjungan sungguhan tidak dapat direkam.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="245"/>
        <source>Training mode is on: the simulated devices are in use.</source>
        <translation>Mode latihan aktif: perangkat simulator yang dipakai.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="247"/>
        <source>Training mode is off: the real devices are in use.</source>
        <translation>Mode latihan mati: perangkat sungguhan yang dipakai.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="250"/>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="256"/>
        <source>Save language</source>
        <translation>Simpan bahasa</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="260"/>
        <source>Language of the app</source>
        <translation>Bahasa aplikasi</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="271"/>
        <source>Cannot save the language: %1</source>
        <translation>Bahasa tidak dapat disimpan: %1</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="275"/>
        <source>Saved. This language is already in use.</source>
        <translation>Disimpan. Bahasa ini sudah dipakai.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="278"/>
        <source>Saved. Restart the app to apply the language.</source>
        <translation>Disimpan. Mulai ulang aplikasi untuk menerapkan bahasa.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="284"/>
        <source>Data center</source>
        <translation>Data center</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="290"/>
        <source>Address</source>
        <translation>Alamat</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="291"/>
        <source>Registration</source>
        <translation>Pendaftaran</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="296"/>
        <source>Quality and sync thresholds</source>
        <translation>Ambang mutu dan sinkronisasi</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="299"/>
        <source>Face (0-100)</source>
        <translation>Wajah (0-100)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="300"/>
        <source>Fingerprint, NFIQ 2 (0-100)</source>
        <translation>Sidik jari, NFIQ 2 (0-100)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="301"/>
        <source>Iris (0-100)</source>
        <translation>Iris (0-100)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="302"/>
        <source>Signature (0-100)</source>
        <translation>Tanda tangan (0-100)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="312"/>
        <source>Attempts before a reason is needed</source>
        <translation>Percobaan sebelum alasan diperlukan</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="315"/>
        <source> days</source>
        <translation> hari</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="316"/>
        <source>Stop new enrollments after no sync for</source>
        <translation>Hentikan perekaman baru bila tidak sinkron selama</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="319"/>
        <source> records</source>
        <translation> rekaman</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="320"/>
        <source>…or with more waiting than</source>
        <translation>…atau bila yang menunggu lebih dari</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="321"/>
        <source>Save thresholds</source>
        <translation>Simpan ambang</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="348"/>
        <source>Thresholds saved; they apply to the next capture.</source>
        <translation>Ambang disimpan; berlaku untuk perekaman berikutnya.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="354"/>
        <source>not set</source>
        <translation>belum diatur</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="356"/>
        <source>enrolled: records are sealed to the data center&apos;s key</source>
        <translation>terdaftar: rekaman disegel dengan kunci data center</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="358"/>
        <source>not enrolled: records are sealed with the demo key</source>
        <translation>belum terdaftar: rekaman disegel dengan kunci demo</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../ui/sync_page.py" line="86"/>
        <source>The data center already has this record.</source>
        <translation>Data center sudah memiliki rekaman ini.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="87"/>
        <source>The record&apos;s signature does not check out.</source>
        <translation>Tanda tangan digital rekaman tidak cocok.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="88"/>
        <source>The record was sealed to a key the data center does not know.</source>
        <translation>Rekaman disegel dengan kunci yang tidak dikenal data center.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="89"/>
        <source>A training (demo) record: it is never sent.</source>
        <translation>Rekaman latihan (demo): tidak pernah dikirim.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="99"/>
        <source>Data center</source>
        <translation>Data center</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="103"/>
        <source>one-time code from the operator</source>
        <translation>kode sekali pakai dari operator</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="107"/>
        <source>CA fingerprint (SHA-256) from the operator, in 16 groups of 4</source>
        <translation>Sidik jari CA (SHA-256) dari operator, 16 kelompok berisi 4</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="116"/>
        <source>Enroll this laptop</source>
        <translation>Daftarkan laptop ini</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="121"/>
        <source>Server address</source>
        <translation>Alamat server</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="122"/>
        <source>One-time code</source>
        <translation>Kode sekali pakai</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="123"/>
        <source>CA fingerprint</source>
        <translation>Sidik CA</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="133"/>
        <source>Enrollment file from the operator</source>
        <translation>Berkas pendaftaran dari operator</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="134"/>
        <source>Open enrollment file…</source>
        <translation>Buka berkas pendaftaran…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="136"/>
        <source>Find it on a USB stick</source>
        <translation>Cari di flashdisk USB</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="140"/>
        <source>The operator writes it with &apos;fieldkit-datacenter codes new --bundle-out FILE&apos; (a .json file and its QR code as .png). Nothing needs typing.</source>
        <translation>Operator membuatnya dengan &apos;fieldkit-datacenter codes new --bundle-out FILE&apos; (berkas .json dan kode QR-nya sebagai .png). Tidak ada yang perlu diketik.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="157"/>
        <source>Open the enrollment file</source>
        <translation>Buka berkas pendaftaran</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="159"/>
        <source>Enrollment file (*.json *.png)</source>
        <translation>Berkas pendaftaran (*.json *.png)</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="168"/>
        <source>No enrollment file was found on a USB stick. Is the stick plugged in?</source>
        <translation>Tidak ada berkas pendaftaran di flashdisk USB. Apakah flashdisk sudah terpasang?</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="185"/>
        <source>Read from %1. Check the address, then press Enroll.</source>
        <translation>Dibaca dari %1. Periksa alamatnya, lalu tekan Daftarkan.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="189"/>
        <source>Enrollment file read.</source>
        <translation>Berkas pendaftaran terbaca.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="196"/>
        <source>Type the 16 groups, or open the enrollment file.</source>
        <translation>Ketik 16 kelompok, atau buka berkas pendaftaran.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="200"/>
        <source>Check group(s) %1 against the operator&apos;s.</source>
        <translation>Periksa kelompok %1 dengan milik operator.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="223"/>
        <source>Send records</source>
        <translation>Kirim rekaman</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="224"/>
        <source>Push records now</source>
        <translation>Kirim rekaman sekarang</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="227"/>
        <source>Export to USB…</source>
        <translation>Ekspor ke USB…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="239"/>
        <source>Record</source>
        <translation>Rekaman</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="239"/>
        <source>State</source>
        <translation>Keadaan</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="239"/>
        <source>What to do</source>
        <translation>Yang harus dilakukan</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="252"/>
        <source>Records with a problem</source>
        <translation>Rekaman yang bermasalah</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="268"/>
        <source>Enrolled as %1. Last successful sync: %2.</source>
        <translation>Terdaftar sebagai %1. Sinkron terakhir yang berhasil: %2.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="270"/>
        <source>never</source>
        <translation>belum pernah</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="273"/>
        <source>Not enrolled yet.</source>
        <translation>Belum terdaftar.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="275"/>
        <source>waiting to be sent</source>
        <translation>menunggu dikirim</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="276"/>
        <source>sent, awaiting acceptance</source>
        <translation>terkirim, menunggu diterima</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="277"/>
        <source>accepted</source>
        <translation>diterima</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="278"/>
        <source>rejected</source>
        <translation>ditolak</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="279"/>
        <source>accepted and removed from this laptop</source>
        <translation>diterima dan dihapus dari laptop ini</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="288"/>
        <source>On this laptop: %1</source>
        <translation>Di laptop ini: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="288"/>
        <source>no records</source>
        <translation>belum ada rekaman</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="331"/>
        <source>Enrolling…</source>
        <translation>Mendaftarkan…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="340"/>
        <source>Enrolled with the data center as %1.</source>
        <translation>Terdaftar di data center sebagai %1.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="343"/>
        <source>%1 record(s) were signed by this laptop&apos;s revoked key and cannot be delivered; they stay on this laptop. Record these people again: %2</source>
        <translation>%1 rekaman ditandatangani dengan kunci laptop yang telah dicabut dan tidak dapat dikirim; rekaman tetap di laptop ini. Rekam ulang orang-orang ini: %2</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="358"/>
        <source>Sending…</source>
        <translation>Mengirim…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="365"/>
        <source>Batch %1 of %2: %3 to upload, %4 already at the data center.</source>
        <translation>Kelompok %1 dari %2: %3 akan diunggah, %4 sudah ada di data center.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="376"/>
        <source>%1 of %2 records · %3 of %4 · %5/s · %6 left</source>
        <translation>%1 dari %2 rekaman · %3 dari %4 · %5/dtk · sisa %6</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="391"/>
        <source>Accepted %1 · rejected %2 · pending %3 · purged from this laptop %4</source>
        <translation>Diterima %1 · ditolak %2 · menunggu %3 · dihapus dari laptop ini %4</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="406"/>
        <source>Every record was sent and confirmed.</source>
        <translation>Semua rekaman terkirim dan dikonfirmasi.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="408"/>
        <source>Some records are still waiting; see the table.</source>
        <translation>Beberapa rekaman masih menunggu; lihat tabel.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="415"/>
        <source>Export to which folder (USB)?</source>
        <translation>Ekspor ke folder mana (USB)?</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="420"/>
        <source>Writing the export…</source>
        <translation>Menulis ekspor…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="426"/>
        <source>%1 record(s) written to %2.</source>
        <translation>%1 rekaman ditulis ke %2.</translation>
    </message>
</context>
<context>
    <name>TeamPicker</name>
    <message>
        <location filename="../../ui/planning_page.py" line="78"/>
        <source>Ketua tim</source>
        <translation>Ketua tim</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="79"/>
        <source>Petugas</source>
        <translation>Petugas</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="248"/>
        <source>Screen locked</source>
        <translation>Layar terkunci</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="248"/>
        <source>Unlock</source>
        <translation>Buka kunci</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="253"/>
        <source>Locked after inactivity. Your work is kept. Enter the password of %1.</source>
        <translation>Terkunci karena tidak ada aktivitas. Pekerjaan Anda tetap tersimpan. Masukkan kata sandi %1.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="259"/>
        <source>Password</source>
        <translation>Kata sandi</translation>
    </message>
</context>
<context>
    <name>_FormDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="112"/>
        <source>Getting ready… this takes a moment, then it goes on.</source>
        <translation>Sedang bersiap… sebentar lagi dilanjutkan.</translation>
    </message>
</context>
<context>
    <name>devices</name>
    <message>
        <location filename="../../ui/messages.py" line="138"/>
        <source>ready</source>
        <translation>siap</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="139"/>
        <source>not open yet</source>
        <translation>belum dibuka</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="140"/>
        <source>not watched yet</source>
        <translation>belum dipantau</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="141"/>
        <source>not checked yet</source>
        <translation>belum diperiksa</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="142"/>
        <source>capturing</source>
        <translation>sedang merekam</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="143"/>
        <source>no card on the reader</source>
        <translation>tidak ada kartu di pembaca</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="144"/>
        <source>card on the reader</source>
        <translation>kartu ada di pembaca</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="145"/>
        <source>reading the card</source>
        <translation>sedang membaca kartu</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="146"/>
        <location filename="../../ui/messages.py" line="149"/>
        <source>the smart-card service (pcscd) is not running</source>
        <translation>layanan kartu pintar (pcscd) tidak berjalan</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="152"/>
        <source>not connected</source>
        <translation>tidak tersambung</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="153"/>
        <source>the scanner does not answer</source>
        <translation>pemindai tidak menjawab</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="156"/>
        <source>the device service does not answer</source>
        <translation>layanan perangkat tidak menjawab</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="159"/>
        <source>the device service no longer lists it</source>
        <translation>layanan perangkat tidak lagi mencantumkannya</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="162"/>
        <source>the device service is busy</source>
        <translation>layanan perangkat sedang sibuk</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="165"/>
        <source>the device is not registered with MOSIP</source>
        <translation>perangkat belum terdaftar di MOSIP</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="168"/>
        <source>no picture from the camera</source>
        <translation>tidak ada gambar dari kamera</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="171"/>
        <source>no simulator for this device</source>
        <translation>tidak ada simulator untuk perangkat ini</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <location filename="../../ui/messages.py" line="17"/>
        <source>Wrong password. Check Caps Lock and try again.</source>
        <translation>Kata sandi salah. Periksa Caps Lock lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="20"/>
        <source>There is no officer with that user name on this laptop.</source>
        <translation>Tidak ada petugas dengan nama pengguna itu di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="23"/>
        <source>This account is disabled. Ask the admin of your office.</source>
        <translation>Akun ini dinonaktifkan. Hubungi admin kantor Anda.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="26"/>
        <source>Your role may not do this.</source>
        <translation>Peran Anda tidak boleh melakukan ini.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="27"/>
        <source>FieldKit cannot write to its data folder: the disk or folder is read-only.</source>
        <translation>FieldKit tidak dapat menulis ke folder datanya: disk atau folder hanya-baca.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="30"/>
        <source>The disk is full. The last change was not saved; everything saved before it is safe. Free some space, then try again.</source>
        <translation>Disk penuh. Perubahan terakhir tidak tersimpan; semua yang tersimpan sebelumnya aman. Kosongkan sebagian ruang, lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="35"/>
        <source>This data was written by a newer FieldKit. Install the newer version; nothing was changed.</source>
        <translation>Data ini ditulis oleh FieldKit versi lebih baru. Pasang versi yang lebih baru; tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="40"/>
        <source>The data file is damaged. Ask the operator to restore the latest backup (fieldkit store restore); the damaged file is kept, not deleted.</source>
        <translation>Berkas data rusak. Minta operator memulihkan cadangan terakhir (fieldkit store restore); berkas yang rusak disimpan, tidak dihapus.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="45"/>
        <source>The key file of this laptop is damaged.</source>
        <translation>Berkas kunci laptop ini rusak.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="48"/>
        <source>This card is not bound to an officer on this laptop. Log in with your password, then bind the card in Settings.</source>
        <translation>Kartu ini belum terhubung ke petugas di laptop ini. Masuk dengan kata sandi, lalu hubungkan kartu di Pengaturan.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="53"/>
        <source>This staff card belongs to another officer. The screen stays locked: use your own card or your password.</source>
        <translation>Kartu petugas ini milik petugas lain. Layar tetap terkunci: gunakan kartu atau kata sandi Anda sendiri.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="58"/>
        <source>This card is blocked after three wrong PINs. Log in with your password and ask the admin of your office for a new card.</source>
        <translation>Kartu ini terblokir setelah tiga kali PIN salah. Masuk dengan kata sandi dan minta kartu baru ke admin kantor.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="63"/>
        <source>The device is not connected. Check its cable, then try again.</source>
        <translation>Perangkat tidak terhubung. Periksa kabelnya, lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="66"/>
        <source>No card on the reader. Put the staff card on it and try again.</source>
        <translation>Tidak ada kartu di pembaca. Letakkan kartu petugas lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="69"/>
        <source>This card cannot log in: it is not a FieldKit staff card with a PIN.</source>
        <translation>Kartu ini tidak bisa dipakai masuk: bukan kartu petugas FieldKit ber-PIN.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="73"/>
        <source>Recording cannot start: this laptop is not enrolled with a data center yet, so nothing recorded could be delivered. Enroll it on the Sync screen first.</source>
        <translation>Perekaman belum bisa dimulai: laptop ini belum terdaftar di data center, jadi hasil rekaman tidak akan bisa dikirim. Daftarkan dulu di layar Sinkronisasi.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="78"/>
        <source>Training and real work do not mix: record real people with training mode off, and train on the training visit (Desa Latihan).</source>
        <translation>Latihan dan pekerjaan sungguhan tidak boleh bercampur: rekam penduduk sungguhan dengan mode latihan mati, dan berlatihlah pada kunjungan latihan (Desa Latihan).</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="83"/>
        <source>The data center&apos;s certificate does not match the fingerprint you were given. Nothing was sent and the code is still valid: check the address and each group of the fingerprint with the operator (or open the enrollment file), then try again with the same code.</source>
        <translation>Sertifikat data center tidak cocok dengan sidik jari yang diberikan. Tidak ada yang terkirim dan kode masih berlaku: periksa alamat dan setiap kelompok sidik jari bersama operator (atau buka berkas pendaftaran), lalu coba lagi dengan kode yang sama.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="90"/>
        <source>The data center&apos;s CA fingerprint is required. Open the enrollment file from the operator, or type the fingerprint that &apos;fieldkit-datacenter serve&apos; prints.</source>
        <translation>Sidik jari CA data center wajib diisi. Buka berkas pendaftaran dari operator, atau ketik sidik jari yang dicetak oleh &apos;fieldkit-datacenter serve&apos;.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="95"/>
        <source>The CA fingerprint must be 16 groups of 4 hexadecimal digits.</source>
        <translation>Sidik jari CA harus 16 kelompok berisi 4 digit heksadesimal.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="98"/>
        <source>This file is not an enrollment file. Choose the .json or .png file written by &apos;fieldkit-datacenter codes new --bundle-out&apos;.</source>
        <translation>Berkas ini bukan berkas pendaftaran. Pilih berkas .json atau .png yang dibuat oleh &apos;fieldkit-datacenter codes new --bundle-out&apos;.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="106"/>
        <source>Wrong PIN. %n more wrong PIN(s) and the card blocks itself.</source>
        <translation>PIN salah. %n kali lagi PIN salah dan kartu akan terblokir.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="115"/>
        <source>Too many wrong passwords. The account is locked for %n minute(s).</source>
        <translation>Terlalu banyak kata sandi salah. Akun dikunci selama %n menit.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="125"/>
        <source>Something went wrong. The details are in the log file.</source>
        <translation>Terjadi kesalahan. Rinciannya ada di berkas log.</translation>
    </message>
</context>
</TS>
