; *** Inno Setup version 6.4.0+ Indonesian (Bahasa Indonesia) messages ***
;
; FieldKit's own translation of Inno Setup 6.4.1's Default.isl (the English
; message file that ships with ISCC), written for FieldKit and not copied from
; any public translation. Like any Inno Setup message file, it is distributed
; under Inno Setup's licence terms (license.txt next to ISCC.exe).
;
; Keep the key set in step with the ISCC version used to build the installer
; (packaging/windows/fieldkit.iss, built with ISCC 6.4.1). After changing the
; ISCC version, compare this file with that version's Default.isl:
;   python3 packaging/windows/check_isl.py <ISCC folder>/Default.isl packaging/windows/Indonesian.isl
; and translate every key it reports.
;
; Words follow Indonesian Windows: "instal"/"menginstal"/"penginstalan" for
; install, "copot pemasangan" for uninstall, "Penginstal" for Setup (the
; program), "pintasan" for shortcut, "menu Mulai" for the Start menu.
;
; Note (from Default.isl): do not add periods (.) to the end of messages that
; didn't have them already; Inno Setup adds those periods itself.

[LangOptions]
; The following three entries are very important. See the '[LangOptions]
; section' topic in the Inno Setup help file.
LanguageName=Bahasa Indonesia
LanguageID=$0421
LanguageCodePage=0
; If the language requires special font faces or sizes, uncomment any of the
; following entries and change them accordingly.
;DialogFontName=
;DialogFontSize=8
;WelcomeFontName=Verdana
;WelcomeFontSize=12
;TitleFontName=Arial
;TitleFontSize=29
;CopyrightFontName=Arial
;CopyrightFontSize=8

[Messages]

; *** Application titles
SetupAppTitle=Penginstal
SetupWindowTitle=Penginstal - %1
UninstallAppTitle=Copot Pemasangan
UninstallAppFullTitle=Copot Pemasangan %1

; *** Misc. common
InformationTitle=Informasi
ConfirmTitle=Konfirmasi
ErrorTitle=Kesalahan

; *** SetupLdr messages
SetupLdrStartupMessage=Program ini akan menginstal %1. Lanjutkan?
LdrCannotCreateTemp=Tidak dapat membuat file sementara. Penginstalan dibatalkan
LdrCannotExecTemp=Tidak dapat menjalankan file di folder sementara. Penginstalan dibatalkan
HelpTextNote=

; *** Startup error messages
LastErrorMessage=%1.%n%nKesalahan %2: %3
SetupFileMissing=File %1 tidak ada di folder penginstalan. Perbaiki masalah ini atau dapatkan salinan baru program ini.
SetupFileCorrupt=File penginstalan rusak. Dapatkan salinan baru program ini.
SetupFileCorruptOrWrongVer=File penginstalan rusak atau tidak cocok dengan versi Penginstal ini. Perbaiki masalah ini atau dapatkan salinan baru program ini.
InvalidParameter=Baris perintah berisi parameter yang tidak valid:%n%n%1
SetupAlreadyRunning=Penginstal sudah berjalan.
WindowsVersionNotSupported=Program ini tidak mendukung versi Windows yang digunakan komputer Anda.
WindowsServicePackRequired=Program ini memerlukan %1 Service Pack %2 atau yang lebih baru.
NotOnThisPlatform=Program ini tidak dapat berjalan di %1.
OnlyOnThisPlatform=Program ini harus dijalankan di %1.
OnlyOnTheseArchitectures=Program ini hanya dapat diinstal di versi Windows untuk arsitektur prosesor berikut:%n%n%1
WinVersionTooLowError=Program ini memerlukan %1 versi %2 atau yang lebih baru.
WinVersionTooHighError=Program ini tidak dapat diinstal di %1 versi %2 atau yang lebih baru.
AdminPrivilegesRequired=Anda harus masuk sebagai administrator untuk menginstal program ini.
PowerUserPrivilegesRequired=Anda harus masuk sebagai administrator atau anggota grup Power Users untuk menginstal program ini.
SetupAppRunningError=Penginstal mendeteksi bahwa %1 sedang berjalan.%n%nTutup semua jendela program tersebut sekarang, lalu klik OK untuk melanjutkan, atau Batal untuk keluar.
UninstallAppRunningError=Program copot pemasangan mendeteksi bahwa %1 sedang berjalan.%n%nTutup semua jendela program tersebut sekarang, lalu klik OK untuk melanjutkan, atau Batal untuk keluar.

; *** Startup questions
PrivilegesRequiredOverrideTitle=Pilih Mode Penginstalan
PrivilegesRequiredOverrideInstruction=Pilih mode penginstalan
PrivilegesRequiredOverrideText1=%1 dapat diinstal untuk semua pengguna (memerlukan hak administrator), atau hanya untuk Anda.
PrivilegesRequiredOverrideText2=%1 dapat diinstal hanya untuk Anda, atau untuk semua pengguna (memerlukan hak administrator).
PrivilegesRequiredOverrideAllUsers=Instal untuk &semua pengguna
PrivilegesRequiredOverrideAllUsersRecommended=Instal untuk &semua pengguna (disarankan)
PrivilegesRequiredOverrideCurrentUser=Instal &hanya untuk saya
PrivilegesRequiredOverrideCurrentUserRecommended=Instal &hanya untuk saya (disarankan)

; *** Misc. errors
ErrorCreatingDir=Penginstal tidak dapat membuat folder "%1"
ErrorTooManyFilesInDir=Tidak dapat membuat file di folder "%1" karena folder tersebut berisi terlalu banyak file

; *** Setup common messages
ExitSetupTitle=Keluar dari Penginstal
ExitSetupMessage=Penginstalan belum selesai. Jika Anda keluar sekarang, program tidak akan terinstal.%n%nAnda dapat menjalankan Penginstal lagi lain kali untuk menyelesaikan penginstalan.%n%nKeluar dari Penginstal?
AboutSetupMenuItem=&Tentang Penginstal...
AboutSetupTitle=Tentang Penginstal
AboutSetupMessage=%1 versi %2%n%3%n%nSitus web %1:%n%4
AboutSetupNote=
TranslatorNote=

; *** Buttons
ButtonBack=< &Kembali
ButtonNext=&Berikutnya >
ButtonInstall=&Instal
ButtonOK=OK
ButtonCancel=Batal
ButtonYes=&Ya
ButtonYesToAll=Ya untuk &Semua
ButtonNo=&Tidak
ButtonNoToAll=T&idak untuk Semua
ButtonFinish=&Selesai
ButtonBrowse=&Telusuri...
ButtonWizardBrowse=&Telusuri...
ButtonNewFolder=&Buat Folder Baru

; *** "Select Language" dialog messages
SelectLanguageTitle=Pilih Bahasa Penginstal
SelectLanguageLabel=Pilih bahasa yang digunakan selama penginstalan.

; *** Common wizard text
ClickNext=Klik Berikutnya untuk melanjutkan, atau Batal untuk keluar dari Penginstal.
BeveledLabel=
BrowseDialogTitle=Telusuri Folder
BrowseDialogLabel=Pilih folder dari daftar di bawah, lalu klik OK.
NewFolderName=Folder Baru

; *** "Welcome" wizard page
WelcomeLabel1=Selamat Datang di Panduan Penginstalan [name]
WelcomeLabel2=Program ini akan menginstal [name/ver] di komputer Anda.%n%nSebaiknya tutup semua aplikasi lain sebelum melanjutkan.

; *** "Password" wizard page
WizardPassword=Kata Sandi
PasswordLabel1=Penginstalan ini dilindungi kata sandi.
PasswordLabel3=Masukkan kata sandi, lalu klik Berikutnya untuk melanjutkan. Huruf besar dan kecil pada kata sandi dibedakan.
PasswordEditLabel=Kata &sandi:
IncorrectPassword=Kata sandi yang Anda masukkan salah. Coba lagi.

; *** "License Agreement" wizard page
WizardLicense=Perjanjian Lisensi
LicenseLabel=Baca informasi penting berikut sebelum melanjutkan.
LicenseLabel3=Baca Perjanjian Lisensi berikut. Anda harus menerima ketentuan perjanjian ini sebelum melanjutkan penginstalan.
LicenseAccepted=Saya &menerima perjanjian ini
LicenseNotAccepted=Saya &tidak menerima perjanjian ini

; *** "Information" wizard pages
WizardInfoBefore=Informasi
InfoBeforeLabel=Baca informasi penting berikut sebelum melanjutkan.
InfoBeforeClickLabel=Jika Anda siap melanjutkan penginstalan, klik Berikutnya.
WizardInfoAfter=Informasi
InfoAfterLabel=Baca informasi penting berikut sebelum melanjutkan.
InfoAfterClickLabel=Jika Anda siap melanjutkan penginstalan, klik Berikutnya.

; *** "User Information" wizard page
WizardUserInfo=Informasi Pengguna
UserInfoDesc=Masukkan informasi Anda.
UserInfoName=&Nama Pengguna:
UserInfoOrg=&Organisasi:
UserInfoSerial=Nomor &Seri:
UserInfoNameRequired=Anda harus memasukkan nama.

; *** "Select Destination Location" wizard page
WizardSelectDir=Pilih Lokasi Tujuan
SelectDirDesc=Di mana [name] akan diinstal?
SelectDirLabel3=Penginstal akan menginstal [name] ke folder berikut.
SelectDirBrowseLabel=Untuk melanjutkan, klik Berikutnya. Jika Anda ingin memilih folder lain, klik Telusuri.
DiskSpaceGBLabel=Diperlukan ruang disk kosong minimal [gb] GB.
DiskSpaceMBLabel=Diperlukan ruang disk kosong minimal [mb] MB.
CannotInstallToNetworkDrive=Penginstal tidak dapat menginstal ke drive jaringan.
CannotInstallToUNCPath=Penginstal tidak dapat menginstal ke jalur UNC.
InvalidPath=Anda harus memasukkan jalur lengkap dengan huruf drive, misalnya:%n%nC:\APP%n%natau jalur UNC dengan format:%n%n\\server\share
InvalidDrive=Drive atau folder bersama UNC yang Anda pilih tidak ada atau tidak dapat diakses. Pilih yang lain.
DiskSpaceWarningTitle=Ruang Disk Tidak Cukup
DiskSpaceWarning=Penginstal memerlukan ruang kosong minimal %1 KB, tetapi drive yang dipilih hanya memiliki %2 KB.%n%nTetap lanjutkan?
DirNameTooLong=Nama folder atau jalur terlalu panjang.
InvalidDirName=Nama folder tidak valid.
BadDirName32=Nama folder tidak boleh berisi karakter berikut:%n%n%1
DirExistsTitle=Folder Sudah Ada
DirExists=Folder:%n%n%1%n%nsudah ada. Tetap instal ke folder tersebut?
DirDoesntExistTitle=Folder Tidak Ada
DirDoesntExist=Folder:%n%n%1%n%ntidak ada. Buat folder tersebut?

; *** "Select Components" wizard page
WizardSelectComponents=Pilih Komponen
SelectComponentsDesc=Komponen mana yang akan diinstal?
SelectComponentsLabel2=Pilih komponen yang ingin Anda instal; hapus centang komponen yang tidak ingin Anda instal. Klik Berikutnya jika Anda siap melanjutkan.
FullInstallation=Penginstalan lengkap
; 'Compact' is translated as "ringkas", not "minimal" (as Default.isl asks)
CompactInstallation=Penginstalan ringkas
CustomInstallation=Penginstalan kustom
NoUninstallWarningTitle=Komponen Sudah Ada
NoUninstallWarning=Penginstal mendeteksi bahwa komponen berikut sudah terinstal di komputer Anda:%n%n%1%n%nMembatalkan pilihan komponen ini tidak akan mencopot pemasangannya.%n%nTetap lanjutkan?
ComponentSize1=%1 KB
ComponentSize2=%1 MB
ComponentsDiskSpaceGBLabel=Pilihan saat ini memerlukan ruang disk minimal [gb] GB.
ComponentsDiskSpaceMBLabel=Pilihan saat ini memerlukan ruang disk minimal [mb] MB.

; *** "Select Additional Tasks" wizard page
WizardSelectTasks=Pilih Tugas Tambahan
SelectTasksDesc=Tugas tambahan apa yang akan dijalankan?
SelectTasksLabel2=Pilih tugas tambahan yang akan dijalankan Penginstal saat menginstal [name], lalu klik Berikutnya.

; *** "Select Start Menu Folder" wizard page
WizardSelectProgramGroup=Pilih Folder Menu Mulai
SelectStartMenuFolderDesc=Di mana Penginstal harus menempatkan pintasan program?
SelectStartMenuFolderLabel3=Penginstal akan membuat pintasan program di folder menu Mulai berikut.
SelectStartMenuFolderBrowseLabel=Untuk melanjutkan, klik Berikutnya. Jika Anda ingin memilih folder lain, klik Telusuri.
MustEnterGroupName=Anda harus memasukkan nama folder.
GroupNameTooLong=Nama folder atau jalur terlalu panjang.
InvalidGroupName=Nama folder tidak valid.
BadGroupName=Nama folder tidak boleh berisi karakter berikut:%n%n%1
NoProgramGroupCheck2=&Jangan buat folder menu Mulai

; *** "Ready to Install" wizard page
WizardReady=Siap Menginstal
ReadyLabel1=Penginstal siap mulai menginstal [name] di komputer Anda.
ReadyLabel2a=Klik Instal untuk melanjutkan penginstalan, atau klik Kembali jika Anda ingin meninjau atau mengubah pengaturan.
ReadyLabel2b=Klik Instal untuk melanjutkan penginstalan.
ReadyMemoUserInfo=Informasi pengguna:
ReadyMemoDir=Lokasi tujuan:
ReadyMemoType=Jenis penginstalan:
ReadyMemoComponents=Komponen yang dipilih:
ReadyMemoGroup=Folder menu Mulai:
ReadyMemoTasks=Tugas tambahan:

; *** TDownloadWizardPage wizard page and DownloadTemporaryFile
DownloadingLabel=Mengunduh file tambahan...
ButtonStopDownload=&Hentikan unduhan
StopDownload=Apakah Anda yakin ingin menghentikan unduhan?
ErrorDownloadAborted=Unduhan dibatalkan
ErrorDownloadFailed=Unduhan gagal: %1 %2
ErrorDownloadSizeFailed=Gagal mendapatkan ukuran: %1 %2
ErrorFileHash1=Gagal menghitung hash file: %1
ErrorFileHash2=Hash file tidak valid: seharusnya %1, ditemukan %2
ErrorProgress=Kemajuan tidak valid: %1 dari %2
ErrorFileSize=Ukuran file tidak valid: seharusnya %1, ditemukan %2

; *** TExtractionWizardPage wizard page and Extract7ZipArchive
ExtractionLabel=Mengekstrak file tambahan...
ButtonStopExtraction=&Hentikan ekstraksi
StopExtraction=Apakah Anda yakin ingin menghentikan ekstraksi?
ErrorExtractionAborted=Ekstraksi dibatalkan
ErrorExtractionFailed=Ekstraksi gagal: %1

; *** "Preparing to Install" wizard page
WizardPreparing=Bersiap Menginstal
PreparingDesc=Penginstal sedang bersiap menginstal [name] di komputer Anda.
PreviousInstallNotCompleted=Penginstalan atau penghapusan program sebelumnya belum selesai. Anda perlu memulai ulang komputer untuk menyelesaikannya.%n%nSetelah komputer dimulai ulang, jalankan Penginstal lagi untuk menyelesaikan penginstalan [name].
CannotContinue=Penginstal tidak dapat melanjutkan. Klik Batal untuk keluar.
ApplicationsFound=Aplikasi berikut menggunakan file yang perlu diperbarui oleh Penginstal. Sebaiknya izinkan Penginstal menutup aplikasi ini secara otomatis.
ApplicationsFound2=Aplikasi berikut menggunakan file yang perlu diperbarui oleh Penginstal. Sebaiknya izinkan Penginstal menutup aplikasi ini secara otomatis. Setelah penginstalan selesai, Penginstal akan mencoba menjalankan kembali aplikasi tersebut.
CloseApplications=&Tutup aplikasi secara otomatis
DontCloseApplications=&Jangan tutup aplikasi
ErrorCloseApplications=Penginstal tidak dapat menutup semua aplikasi secara otomatis. Sebaiknya tutup semua aplikasi yang menggunakan file yang perlu diperbarui oleh Penginstal sebelum melanjutkan.
PrepareToInstallNeedsRestart=Penginstal harus memulai ulang komputer Anda. Setelah komputer dimulai ulang, jalankan Penginstal lagi untuk menyelesaikan penginstalan [name].%n%nMulai ulang sekarang?

; *** "Installing" wizard page
WizardInstalling=Menginstal
InstallingLabel=Harap tunggu, Penginstal sedang menginstal [name] di komputer Anda.

; *** "Setup Completed" wizard page
FinishedHeadingLabel=Menyelesaikan Panduan Penginstalan [name]
FinishedLabelNoIcons=Penginstal telah selesai menginstal [name] di komputer Anda.
FinishedLabel=Penginstal telah selesai menginstal [name] di komputer Anda. Aplikasi dapat dibuka melalui pintasan yang telah dibuat.
ClickFinish=Klik Selesai untuk keluar dari Penginstal.
FinishedRestartLabel=Untuk menyelesaikan penginstalan [name], Penginstal harus memulai ulang komputer Anda. Mulai ulang sekarang?
FinishedRestartMessage=Untuk menyelesaikan penginstalan [name], Penginstal harus memulai ulang komputer Anda.%n%nMulai ulang sekarang?
ShowReadmeCheck=Ya, saya ingin melihat file README
YesRadio=&Ya, mulai ulang komputer sekarang
NoRadio=&Tidak, saya akan memulai ulang komputer nanti
; used for example as 'Jalankan MyProg.exe'
RunEntryExec=Jalankan %1
; used for example as 'Lihat Readme.txt'
RunEntryShellExec=Lihat %1

; *** "Setup Needs the Next Disk" stuff
ChangeDiskTitle=Penginstal Memerlukan Disk Berikutnya
SelectDiskLabel2=Masukkan Disk %1 lalu klik OK.%n%nJika file di disk ini ada di folder lain selain yang ditampilkan di bawah, masukkan jalur yang benar atau klik Telusuri.
PathLabel=&Jalur:
FileNotInDir2=File "%1" tidak ditemukan di "%2". Masukkan disk yang benar atau pilih folder lain.
SelectDirectoryLabel=Tentukan lokasi disk berikutnya.

; *** Installation phase messages
SetupAborted=Penginstalan tidak selesai.%n%nPerbaiki masalahnya, lalu jalankan Penginstal lagi.
AbortRetryIgnoreSelectAction=Pilih tindakan
AbortRetryIgnoreRetry=&Coba lagi
AbortRetryIgnoreIgnore=&Abaikan kesalahan dan lanjutkan
AbortRetryIgnoreCancel=Batalkan penginstalan

; *** Installation status messages
StatusClosingApplications=Menutup aplikasi...
StatusCreateDirs=Membuat folder...
StatusExtractFiles=Mengekstrak file...
StatusCreateIcons=Membuat pintasan...
StatusCreateIniEntries=Membuat entri INI...
StatusCreateRegistryEntries=Membuat entri registri...
StatusRegisterFiles=Mendaftarkan file...
StatusSavingUninstall=Menyimpan informasi copot pemasangan...
StatusRunProgram=Menyelesaikan penginstalan...
StatusRestartingApplications=Menjalankan kembali aplikasi...
StatusRollback=Membatalkan perubahan...

; *** Misc. errors
ErrorInternal2=Kesalahan internal: %1
ErrorFunctionFailedNoCode=%1 gagal
ErrorFunctionFailed=%1 gagal; kode %2
ErrorFunctionFailedWithMessage=%1 gagal; kode %2.%n%3
ErrorExecutingProgram=Tidak dapat menjalankan file:%n%1

; *** Registry errors
ErrorRegOpenKey=Kesalahan saat membuka kunci registri:%n%1\%2
ErrorRegCreateKey=Kesalahan saat membuat kunci registri:%n%1\%2
ErrorRegWriteKey=Kesalahan saat menulis ke kunci registri:%n%1\%2

; *** INI errors
ErrorIniEntry=Kesalahan saat membuat entri INI di file "%1".

; *** File copying errors
FileAbortRetryIgnoreSkipNotRecommended=&Lewati file ini (tidak disarankan)
FileAbortRetryIgnoreIgnoreNotRecommended=&Abaikan kesalahan dan lanjutkan (tidak disarankan)
SourceIsCorrupted=File sumber rusak
SourceDoesntExist=File sumber "%1" tidak ada
ExistingFileReadOnly2=File yang ada tidak dapat diganti karena bertanda baca-saja.
ExistingFileReadOnlyRetry=&Hapus atribut baca-saja, lalu coba lagi
ExistingFileReadOnlyKeepExisting=&Pertahankan file yang ada
ErrorReadingExistingDest=Terjadi kesalahan saat mencoba membaca file yang ada:
FileExistsSelectAction=Pilih tindakan
FileExists2=File sudah ada.
FileExistsOverwriteExisting=&Timpa file yang ada
FileExistsKeepExisting=&Pertahankan file yang ada
FileExistsOverwriteOrKeepAll=&Lakukan ini untuk konflik berikutnya
ExistingFileNewerSelectAction=Pilih tindakan
ExistingFileNewer2=File yang ada lebih baru daripada file yang akan diinstal Penginstal.
ExistingFileNewerOverwriteExisting=&Timpa file yang ada
ExistingFileNewerKeepExisting=&Pertahankan file yang ada (disarankan)
ExistingFileNewerOverwriteOrKeepAll=&Lakukan ini untuk konflik berikutnya
ErrorChangingAttr=Terjadi kesalahan saat mencoba mengubah atribut file yang ada:
ErrorCreatingTemp=Terjadi kesalahan saat mencoba membuat file di folder tujuan:
ErrorReadingSource=Terjadi kesalahan saat mencoba membaca file sumber:
ErrorCopying=Terjadi kesalahan saat mencoba menyalin file:
ErrorReplacingExistingFile=Terjadi kesalahan saat mencoba mengganti file yang ada:
ErrorRestartReplace=RestartReplace gagal:
ErrorRenamingTemp=Terjadi kesalahan saat mencoba mengganti nama file di folder tujuan:
ErrorRegisterServer=Tidak dapat mendaftarkan DLL/OCX: %1
ErrorRegSvr32Failed=RegSvr32 gagal dengan kode keluar %1
ErrorRegisterTypeLib=Tidak dapat mendaftarkan pustaka tipe: %1

; *** Uninstall display name markings
; used for example as 'My Program (32-bit)'
UninstallDisplayNameMark=%1 (%2)
; used for example as 'My Program (32-bit, Semua pengguna)'
UninstallDisplayNameMarks=%1 (%2, %3)
UninstallDisplayNameMark32Bit=32-bit
UninstallDisplayNameMark64Bit=64-bit
UninstallDisplayNameMarkAllUsers=Semua pengguna
UninstallDisplayNameMarkCurrentUser=Pengguna saat ini

; *** Post-installation errors
ErrorOpeningReadme=Terjadi kesalahan saat mencoba membuka file README.
ErrorRestartingComputer=Penginstal tidak dapat memulai ulang komputer. Lakukan secara manual.

; *** Uninstaller messages
UninstallNotFound=File "%1" tidak ada. Tidak dapat mencopot pemasangan.
UninstallOpenError=File "%1" tidak dapat dibuka. Tidak dapat mencopot pemasangan
UninstallUnsupportedVer=Format file log copot pemasangan "%1" tidak dikenali oleh versi program copot pemasangan ini. Tidak dapat mencopot pemasangan
UninstallUnknownEntry=Ditemukan entri tidak dikenal (%1) di log copot pemasangan
ConfirmUninstall=Apakah Anda yakin ingin menghapus %1 beserta semua komponennya sepenuhnya?
UninstallOnlyOnWin64=Copot pemasangan program ini hanya dapat dilakukan di Windows 64-bit.
OnlyAdminCanUninstall=Copot pemasangan program ini hanya dapat dilakukan oleh pengguna dengan hak administrator.
UninstallStatusLabel=Harap tunggu, %1 sedang dihapus dari komputer Anda.
UninstalledAll=%1 berhasil dihapus dari komputer Anda.
UninstalledMost=Copot pemasangan %1 selesai.%n%nBeberapa elemen tidak dapat dihapus. Elemen tersebut dapat dihapus secara manual.
UninstalledAndNeedsRestart=Untuk menyelesaikan copot pemasangan %1, komputer Anda harus dimulai ulang.%n%nMulai ulang sekarang?
UninstallDataCorrupted=File "%1" rusak. Tidak dapat mencopot pemasangan

; *** Uninstallation phase messages
ConfirmDeleteSharedFileTitle=Hapus File Bersama?
ConfirmDeleteSharedFile2=Sistem menunjukkan bahwa file bersama berikut tidak lagi digunakan oleh program apa pun. Apakah program copot pemasangan boleh menghapus file bersama ini?%n%nJika file ini dihapus padahal masih ada program yang menggunakannya, program tersebut mungkin tidak berfungsi dengan benar. Jika Anda ragu, pilih Tidak. Membiarkan file ini tetap ada di sistem tidak akan menimbulkan masalah.
SharedFileNameLabel=Nama file:
SharedFileLocationLabel=Lokasi:
WizardUninstalling=Status Copot Pemasangan
StatusUninstalling=Mencopot pemasangan %1...

; *** Shutdown block reasons
ShutdownBlockReasonInstallingApp=Menginstal %1.
ShutdownBlockReasonUninstallingApp=Mencopot pemasangan %1.

; The custom messages below aren't used by Setup itself, but if you make
; use of them in your scripts, you'll want them translated.

[CustomMessages]

NameAndVersion=%1 versi %2
AdditionalIcons=Pintasan tambahan:
CreateDesktopIcon=Buat pintasan di &desktop
CreateQuickLaunchIcon=Buat pintasan &Quick Launch
ProgramOnTheWeb=%1 di Web
UninstallProgram=Copot pemasangan %1
LaunchProgram=Jalankan %1
AssocFileExtension=K&aitkan %1 dengan ekstensi file %2
AssocingFileExtension=Mengaitkan %1 dengan ekstensi file %2...
AutoStartProgramGroupDescription=Mulai otomatis:
AutoStartProgram=Jalankan %1 secara otomatis
AddonHostProgramNotFound=%1 tidak ditemukan di folder yang Anda pilih.%n%nTetap lanjutkan?
