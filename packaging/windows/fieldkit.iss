; Inno Setup 6 script for the Windows installer of FieldKit.
; Built by packaging/windows/build-under-wine.sh (CI, on Linux) or on Windows after
; PyInstaller has made dist\fieldkit (see packaging\README.md):
;   iscc /DAppVersion=0.1.0 packaging\windows\fieldkit.iss
; The installer goes to dist\fieldkit-<version>-windows-x64-setup.exe.
;
; Data: one per-machine folder, C:\ProgramData\FieldKit, outside the program folder,
; so an upgrade replaces the program and never the data; the new version migrates the
; store on its first start.  The installer writes its path into fieldkit-home.txt beside
; the executables (fieldkit\paths.py reads it), so the app started by the last page of
; setup finds it: no environment variable that the running process has not seen.
; The folder is kept to the laptop's Administrators, SYSTEM and the members of the
; local group "FieldKit" (the accounts named with /USERS=, and the account that ran
; setup).  Uninstalling keeps the data unless the user confirms twice.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=<fieldkit._version.__version__> fieldkit.iss
#endif
; Windows' file version needs four numbers; a build's own number may be passed.
#ifndef FileVersion
  #define FileVersion AppVersion
#endif
#ifndef DistDir
  #define DistDir "dist\fieldkit"
#endif
; The repository's root, from this script's folder (the build script passes it).
#ifndef SourceRoot
  #define SourceRoot "..\.."
#endif
#ifndef Compression
  ; The shipped installer's.  The build under Wine makes the older installer it upgrades
  ; from with "none": it is only ever installed there, and LZMA of 440 MB costs a minute.
  #define Compression "lzma2/fast"
#endif
#ifndef OutputDir
  #define OutputDir "dist"
#endif

#define AppName "FieldKit"
#define Publisher "Dinas Kependudukan dan Pencatatan Sipil"
#define DataDir "{commonappdata}\FieldKit"
; The local group whose members may use the store (with Administrators and SYSTEM).
#define UsersGroup "FieldKit"
; Read by fieldkit.paths (DATA_DIR_FILE_NAME): the data folder, one line.
#define HomeFile "fieldkit-home.txt"
; Read by fieldkit.update.versions (INSTALLED_VERSION_FILE): this installer's AppVersion,
; the version a signed update is compared with (docs/sync-protocol.md 14.4).
#define VersionFile "fieldkit-version.txt"

[Setup]
; Never change AppId: it is how a newer installer finds and upgrades this one.
AppId={{6F1C2B7E-4D3A-4E8B-9C51-2A7F0E9D4B31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#Publisher}
AppCopyright=Apache License 2.0
VersionInfoVersion={#FileVersion}
VersionInfoProductVersion={#FileVersion}
VersionInfoCompany={#Publisher}
VersionInfoDescription={#AppName} setup
UninstallDisplayName={#AppName} {#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SourceDir={#SourceRoot}
OutputDir={#OutputDir}
OutputBaseFilename=fieldkit-{#AppVersion}-windows-x64-setup
SetupIconFile=packaging\windows\fieldkit.ico
UninstallDisplayIcon={app}\fieldkit-app.exe
Compression={#Compression}
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
; Bahasa Indonesia unless the person picks English (or /LANG=en on the command line).
ShowLanguageDialog=yes
LanguageDetectionMethod=none
SetupLogging=yes
; Optional code signing: define a sign tool named "signtool" in the Inno Setup IDE
; (Tools > Configure Sign Tools) and uncomment:
; SignTool=signtool
; SignedUninstaller=yes

[Languages]
; Inno Setup ships no Indonesian file; packaging\windows\Indonesian.isl is ours, laid
; over Default.isl so a message missing in it would still show (in English).
Name: "id"; MessagesFile: "compiler:Default.isl,packaging\windows\Indonesian.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
id.SelfTest=Uji mandiri {#AppName}
en.SelfTest={#AppName} self-test
id.KeepData=Folder data FieldKit %1 berisi penyimpanan terenkripsi.%nMungkin ada hasil perekaman yang BELUM dikirim ke data center.%n%nFieldKit akan dihapus dan folder ini DISIMPAN, sehingga instalasi ulang menemukan datanya lagi.%n%nHapus folder data juga?
en.KeepData=The FieldKit data folder %1 holds the encrypted store.%nIt may contain enrollments that have NOT been sent to the data center yet.%n%nFieldKit will be removed and this folder KEPT, so a reinstall finds the data again.%n%nDelete the data folder as well?
id.DeleteDataForGood=Hapus %1 untuk selamanya, dengan setiap rekaman yang belum dikirim, cadangan dan log?%nIni tidak dapat dibatalkan.
en.DeleteDataForGood=Permanently delete %1 with every unsent record, backup and log?%nThis cannot be undone.
id.GroupComment=Akun yang boleh memakai data FieldKit di laptop ini
en.GroupComment=Accounts that may use FieldKit's data on this laptop

[InstallDelete]
; Files of an older bundle must not linger next to the new one's.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "packaging\windows\fieldkit.ico"; DestDir: "{app}"; Flags: ignoreversion

[Dirs]
; Never removed by the uninstaller itself (see InitializeUninstall below); its
; permissions are set after the files are in place (SecureDataFolder).
Name: "{#DataDir}"; Flags: uninsneveruninstall

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\fieldkit-app.exe"; WorkingDir: "{#DataDir}"; \
    IconFilename: "{app}\fieldkit.ico"
; The console twin of fieldkit-app --self-test (a windowed program cannot print).
Name: "{group}\{cm:SelfTest}"; Filename: "{cmd}"; \
    Parameters: "/k ""{app}\fieldkit.exe"" --self-test"; WorkingDir: "{#DataDir}"; \
    IconFilename: "{app}\fieldkit.ico"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"

[Run]
Filename: "{app}\fieldkit-app.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; \
    WorkingDir: "{#DataDir}"; Flags: nowait postinstall skipifsilent
; FieldKit's own update (fieldkit update install, "Perbarui sekarang") runs this setup
; with /VERYSILENT ... /STARTFIELDKIT=1 and quits: FieldKit starts again once installed,
; as the person who started the update.
Filename: "{app}\fieldkit-app.exe"; WorkingDir: "{#DataDir}"; \
    Flags: nowait runasoriginaluser; Check: StartAfterUpdate

[UninstallDelete]
Type: files; Name: "{app}\{#HomeFile}"
Type: files; Name: "{app}\{#VersionFile}"

[Code]
var
  DeleteData: Boolean;

function DataFolder(): String;
begin
  Result := ExpandConstant('{#DataDir}');
end;

{ /STARTFIELDKIT=1: started by FieldKit's update, which has quit; start it again. }
function StartAfterUpdate(): Boolean;
begin
  Result := ExpandConstant('{param:STARTFIELDKIT|0}') = '1';
  Log(Format('start FieldKit after the update: %d', [Ord(Result)]));
end;

{ A program's exit code goes to the setup log (/LOG=file): what an IT person reads
  when a laptop's folder permissions look wrong. }
function RunLogged(const Exe, Params: String): Integer;
begin
  if not Exec(Exe, Params, '', SW_HIDE, ewWaitUntilTerminated, Result) then
    Result := -1;
  Log(Format('%s %s -> %d', [Exe, Params, Result]));
end;

{ The accounts to put in the group: /USERS="budi,siti" and the one running setup
  (not when a deployment tool runs it as SYSTEM). }
procedure AddGroupMembers();
var
  Names: String;
  Name: String;
  Cut: Integer;
begin
  Names := ExpandConstant('{param:USERS|}');
  if CompareText(GetUserNameString(), 'SYSTEM') <> 0 then
    Names := Names + ',' + GetUserNameString();
  while Names <> '' do
  begin
    Cut := Pos(',', Names);
    if Cut = 0 then Cut := Length(Names) + 1;
    Name := Trim(Copy(Names, 1, Cut - 1));
    Delete(Names, 1, Cut);
    if Name <> '' then
      RunLogged(ExpandConstant('{sys}\net.exe'),
        'localgroup "{#UsersGroup}" "' + Name + '" /add');
  end;
end;

{ Keep the store to Administrators (S-1-5-32-544), SYSTEM (S-1-5-18) and the
  FieldKit group.  The inherited ProgramData rights (every user may read) are removed
  only once the grant has worked, so a failure leaves the folder usable, never locked. }
procedure SecureDataFolder();
var
  Folder: String;
begin
  Folder := DataFolder();
  RunLogged(ExpandConstant('{sys}\net.exe'),
    'localgroup "{#UsersGroup}" /add /comment:"' + CustomMessage('GroupComment') + '"');
  AddGroupMembers();
  if RunLogged(ExpandConstant('{sys}\icacls.exe'), '"' + Folder + '" /grant:r ' +
      '*S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F "{#UsersGroup}:(OI)(CI)M"') = 0 then
    RunLogged(ExpandConstant('{sys}\icacls.exe'), '"' + Folder + '" /inheritance:r')
  else
    Log('the data folder keeps its inherited permissions');
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
  begin
    if not SaveStringToFile(ExpandConstant('{app}\{#HomeFile}'), DataFolder(), False) then
      RaiseException('cannot write ' + ExpandConstant('{app}\{#HomeFile}'));
    if not SaveStringToFile(ExpandConstant('{app}\{#VersionFile}'), '{#AppVersion}', False) then
      RaiseException('cannot write ' + ExpandConstant('{app}\{#VersionFile}'));
    SecureDataFolder();
  end;
end;

{ Uninstalling must never silently take records that may not have reached the
  data center.  The default answer (and a silent uninstall) keeps the folder. }
function InitializeUninstall(): Boolean;
begin
  Result := True;
  DeleteData := False;
  if not FileExists(DataFolder() + '\fieldkit.db') then
    Exit;
  if SuppressibleMsgBox(FmtMessage(CustomMessage('KeepData'), [DataFolder()]),
      mbConfirmation, MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES then
  begin
    DeleteData := SuppressibleMsgBox(
      FmtMessage(CustomMessage('DeleteDataForGood'), [DataFolder()]),
      mbCriticalError, MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES;
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DeleteData then
    DelTree(DataFolder(), True, True, True);
end;
