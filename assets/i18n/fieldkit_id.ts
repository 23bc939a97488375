<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="id" sourcelanguage="en">
<context>
    <name>DevicesPanel</name>
    <message>
        <location filename="../../ui/devices_panel.py" line="31" />
        <source>Devices</source>
        <translation>Perangkat</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="33" />
        <source>Face camera</source>
        <translation>Kamera wajah</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="34" />
        <source>Fingerprint scanner</source>
        <translation>Pemindai sidik jari</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="35" />
        <source>Iris camera</source>
        <translation>Kamera iris</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="36" />
        <source>Signature pad</source>
        <translation>Pad tanda tangan</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="37" />
        <source>Card reader</source>
        <translation>Pembaca kartu</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="40" />
        <source>Ready</source>
        <translation>Siap</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="41" />
        <source>Busy</source>
        <translation>Sibuk</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="42" />
        <source>Not ready</source>
        <translation>Belum siap</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="43" />
        <source>Disconnected</source>
        <translation>Terputus</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="44" />
        <source>Error</source>
        <translation>Galat</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="51" />
        <source>◌ Checking…</source>
        <translation>◌ Memeriksa…</translation>
    </message>
    <message>
        <location filename="../../ui/devices_panel.py" line="70" />
        <source>simulator (training)</source>
        <translation>simulator (latihan)</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="73" />
        <source>Set up FieldKit on this laptop</source>
        <translation>Siapkan FieldKit di laptop ini</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="73" />
        <source>Create</source>
        <translation>Buat</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="77" />
        <source>No FieldKit data was found in %1. Create it with the first admin account.</source>
        <translation>Data FieldKit tidak ditemukan di %1. Buat dengan akun admin pertama.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="88" />
        <source>Office (regency code)</source>
        <translation>Kantor (kode kabupaten/kota)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="89" />
        <source>User name</source>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="90" />
        <source>Full name</source>
        <translation>Nama lengkap</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="91" />
        <source>Password</source>
        <translation>Kata sandi</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="92" />
        <source>Repeat password</source>
        <translation>Ulangi kata sandi</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="96" />
        <source>The two passwords differ.</source>
        <translation>Kedua kata sandi tidak sama.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="115" />
        <source>FieldKit login</source>
        <translation>Masuk FieldKit</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="115" />
        <source>Log in</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="119" />
        <source>User name</source>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="120" />
        <source>Password</source>
        <translation>Kata sandi</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="62" />
        <source>FieldKit %1</source>
        <translation>FieldKit %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="77" />
        <source>Office</source>
        <translation>Kantor</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="78" />
        <source>Officer</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="79" />
        <source>Data store</source>
        <translation>Penyimpanan data</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="80" />
        <source>Audit log</source>
        <translation>Log audit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="81" />
        <source>Backups</source>
        <translation>Cadangan</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="86" />
        <source>&amp;FieldKit</source>
        <translation>&amp;FieldKit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="87" />
        <source>Back up now</source>
        <translation>Cadangkan sekarang</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="90" />
        <source>Lock screen</source>
        <translation>Kunci layar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="93" />
        <source>Quit</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="109" />
        <source>✔ healthy, encrypted</source>
        <translation>✔ sehat, terenkripsi</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="111" />
        <source>✖ DAMAGED: %1</source>
        <translation>✖ RUSAK: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="116" />
        <source>✔ intact, %n event(s)</source>
        <translation>✔ utuh, %n kejadian</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="120" />
        <source>✖ BROKEN at event %1</source>
        <translation>✖ RUSAK pada kejadian %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="124" />
        <source>%n backup(s), latest %1</source>
        <translation>%n cadangan, terakhir %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="133" />
        <source>Backup failed</source>
        <translation>Pencadangan gagal</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="139" />
        <source>Screen locked</source>
        <translation>Layar terkunci</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="139" />
        <source>Unlock</source>
        <translation>Buka kunci</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="144" />
        <source>Locked after inactivity. Your work is kept. Enter the password of %1.</source>
        <translation>Terkunci karena tidak ada aktivitas. Pekerjaan Anda tetap tersimpan. Masukkan kata sandi %1.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="150" />
        <source>Password</source>
        <translation>Kata sandi</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <location filename="../../ui/messages.py" line="17" />
        <source>Wrong password. Check Caps Lock and try again.</source>
        <translation>Kata sandi salah. Periksa Caps Lock lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="20" />
        <source>There is no officer with that user name on this laptop.</source>
        <translation>Tidak ada petugas dengan nama pengguna itu di laptop ini.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="23" />
        <source>This account is disabled. Ask the admin of your office.</source>
        <translation>Akun ini dinonaktifkan. Hubungi admin kantor Anda.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="26" />
        <source>Your role may not do this.</source>
        <translation>Peran Anda tidak boleh melakukan ini.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="27" />
        <source>FieldKit cannot write to its data folder: the disk or folder is read-only.</source>
        <translation>FieldKit tidak dapat menulis ke folder datanya: disk atau folder hanya-baca.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="30" />
        <source>The disk is full. The last change was not saved; everything saved before it is safe. Free some space, then try again.</source>
        <translation>Disk penuh. Perubahan terakhir tidak tersimpan; semua yang tersimpan sebelumnya aman. Kosongkan sebagian ruang, lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="35" />
        <source>This data was written by a newer FieldKit. Install the newer version; nothing was changed.</source>
        <translation>Data ini ditulis oleh FieldKit versi lebih baru. Pasang versi yang lebih baru; tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="40" />
        <source>The data file is damaged. Ask the operator to restore the latest backup (fieldkit store restore); the damaged file is kept, not deleted.</source>
        <translation>Berkas data rusak. Minta operator memulihkan cadangan terakhir (fieldkit store restore); berkas yang rusak disimpan, tidak dihapus.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="45" />
        <source>The key file of this laptop is damaged.</source>
        <translation>Berkas kunci laptop ini rusak.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="55" />
        <source>Too many wrong passwords. The account is locked for %n minute(s).</source>
        <translation>Terlalu banyak kata sandi salah. Akun dikunci selama %n menit.</translation>
    </message>
</context>
</TS>