; Inno Setup 6 script for the Windows installer of FieldKit.
; Build on Windows after PyInstaller has made dist\fieldkit (see packaging\README.md):
;   iscc /DAppVersion=0.1.0 packaging\windows\fieldkit.iss
; The installer goes to dist\fieldkit-<version>-windows-x64-setup.exe.
;
; Data: one per-machine folder, C:\ProgramData\FieldKit, named to the app by the
; system-wide FIELDKIT_HOME variable (fieldkit\paths.py reads it).  It holds the
; encrypted store, its backups and the logs, outside the program folder, so an
; update replaces the program and never the data; the new version migrates the
; store on first start.  Uninstalling keeps the data unless the user confirms twice.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=<fieldkit._version.__version__> fieldkit.iss
#endif

#define AppName "FieldKit"
#define DataDir "{commonappdata}\FieldKit"

[Setup]
; Never change AppId: it is how a newer installer finds and upgrades this one.
AppId={{6F1C2B7E-4D3A-4E8B-9C51-2A7F0E9D4B31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Disdukcapil
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesEnvironment=yes
SourceDir=..\..
OutputDir=dist
OutputBaseFilename=fieldkit-{#AppVersion}-windows-x64-setup
SetupIconFile=packaging\windows\fieldkit.ico
UninstallDisplayIcon={app}\fieldkit-app.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
; Optional code signing: define a sign tool named "signtool" in the Inno Setup IDE
; (Tools > Configure Sign Tools) and uncomment:
; SignTool=signtool
; SignedUninstaller=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"

[InstallDelete]
; Files of an older bundle must not linger next to the new one's.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "dist\fieldkit\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "packaging\windows\fieldkit.ico"; DestDir: "{app}"; Flags: ignoreversion

[Dirs]
; Every officer's Windows account on the laptop uses the same store; never removed
; by the uninstaller itself (see InitializeUninstall below).
Name: "{#DataDir}"; Permissions: users-modify; Flags: uninsneveruninstall

[Registry]
; The app and the fieldkit command find the data folder through FIELDKIT_HOME.
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; \
    ValueType: expandsz; ValueName: "FIELDKIT_HOME"; ValueData: "{#DataDir}"; \
    Flags: preservestringtype uninsdeletevalue

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\fieldkit-app.exe"; WorkingDir: "{#DataDir}"; \
    IconFilename: "{app}\fieldkit.ico"
; The console twin of fieldkit-app --self-test (a windowed program cannot print).
Name: "{group}\{#AppName} self-test"; Filename: "{cmd}"; \
    Parameters: "/k ""{app}\fieldkit.exe"" --self-test"; WorkingDir: "{#DataDir}"; \
    IconFilename: "{app}\fieldkit.ico"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"

[Run]
Filename: "{app}\fieldkit-app.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; \
    Flags: nowait postinstall skipifsilent

[Code]
var
  DeleteData: Boolean;

function DataFolder(): String;
begin
  Result := ExpandConstant('{#DataDir}');
end;

{ Uninstalling must never silently take records that may not have reached the
  data center.  The default answer (and a silent uninstall) keeps the folder. }
function InitializeUninstall(): Boolean;
begin
  Result := True;
  DeleteData := False;
  if not FileExists(DataFolder() + '\fieldkit.db') then
    Exit;
  if SuppressibleMsgBox(
      'The FieldKit data folder ' + DataFolder() + ' holds the encrypted store.' + #13#10 +
      'It may contain enrollments that have NOT been synced to the data center yet.' + #13#10#13#10 +
      'FieldKit will be removed and this folder KEPT, so a reinstall finds the data again.' + #13#10#13#10 +
      'Delete the data folder as well?',
      mbConfirmation, MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES then
  begin
    DeleteData := SuppressibleMsgBox(
      'Permanently delete ' + DataFolder() + ' with every unsynced record, backup and log?' + #13#10 +
      'This cannot be undone.',
      mbCriticalError, MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES;
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DeleteData then
    DelTree(DataFolder(), True, True, True);
end;
