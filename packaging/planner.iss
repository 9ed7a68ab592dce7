; Inno Setup 6 script of the Windows installer of 提升服務計畫編輯器 (Planner).
;
; Build dist\Planner first (python packaging\build.py), then either
;   python packaging\build.py --installer
; or compile this script in the Inno Setup 6.3+ IDE / with  ISCC packaging\planner.iss
; The result is dist\Planner-<version>-setup.exe.
;
; - Installs for the current user by default (no administrator rights: works on locked-down office PCs),
;   into %LOCALAPPDATA%\Programs\Planner; an administrator may choose an all-users install instead.
; - Start-menu shortcut, optional desktop shortcut, .planner file association (optional task), uninstaller.
; - The version comes from planner.exe's version resource (made from planner.__version__), unless
;   /DAppVersion=... is given; /DAppFiles=... points at another built folder.
; - Installer texts: Chinese (Traditional) when ChineseTraditional.isl is found (Inno Setup ships it only as an
;   unofficial translation: put it next to this script, or in Inno Setup's Languages folder); else English.
; - Uninstalling leaves the user's workspaces, their backups and the app's settings and log untouched.
; This file must stay UTF-8 with a byte-order mark (Inno Setup reads Unicode scripts only so).

#define AppName "提升服務計畫編輯器"
#define AppExeName "planner.exe"
#define AppFolderName "Planner"

#ifndef AppFiles
  #define AppFiles AddBackslash(SourcePath) + "..\dist\Planner"
#endif
#if !FileExists(AppFiles + "\" + AppExeName)
  #error "dist\Planner\planner.exe not found: run python packaging\build.py first"
#endif
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(AppFiles + "\" + AppExeName, "ProductVersion")
#endif
#if AppVersion == ""
  #error "planner.exe has no version resource: rebuild with python packaging\build.py"
#endif

#if FileExists(AddBackslash(SourcePath) + "ChineseTraditional.isl")
  #define ChineseMessages AddBackslash(SourcePath) + "ChineseTraditional.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\ChineseTraditional.isl")
  #define ChineseMessages "compiler:Languages\ChineseTraditional.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Unofficial\ChineseTraditional.isl")
  #define ChineseMessages "compiler:Languages\Unofficial\ChineseTraditional.isl"
#endif

[Setup]
; AppId identifies the app for upgrades and uninstall: never change it.
AppId={{9EC27931-9F1C-4C83-B6E1-372922590476}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Planner
DefaultDirName={autopf}\{#AppFolderName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=yes
CloseApplications=yes
OutputDir=..\dist
OutputBaseFilename=Planner-{#AppVersion}-setup
SetupIconFile=..\resources\icons\planner.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
VersionInfoProductName={#AppName}
VersionInfoProductTextVersion={#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
LanguageDetectionMethod=uilanguage
ShowLanguageDialog=auto

[Languages]
#ifdef ChineseMessages
Name: "chinesetraditional"; MessagesFile: "{#ChineseMessages}"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
english.WorkspaceType=Planner workspace
english.ShortcutComment=Write, print and follow up the annual service-improvement plan
#ifdef ChineseMessages
chinesetraditional.WorkspaceType=提升服務計畫工作區
chinesetraditional.ShortcutComment=撰寫、列印及追蹤機關年度提升服務計畫
#endif

[Tasks]
Name: "associate"; Description: "{cm:AssocFileExtension,{#AppName},.planner}"
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole library folder, so no file of an older version is left behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#AppFiles}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Comment: "{cm:ShortcutComment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Comment: "{cm:ShortcutComment}"; Tasks: desktopicon

[Registry]
; HKA = HKEY_CURRENT_USER for a per-user install, HKEY_LOCAL_MACHINE for an all-users one.
Root: HKA; Subkey: "Software\Classes\.planner"; ValueType: string; ValueName: ""; ValueData: "Planner.Workspace"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.planner\OpenWithProgids"; ValueType: string; ValueName: "Planner.Workspace"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Planner.Workspace"; ValueType: string; ValueName: ""; ValueData: "{cm:WorkspaceType}"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Planner.Workspace\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExeName},0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Planner.Workspace\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExeName}"" ""%1"""; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExeName}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExeName}\SupportedTypes"; ValueType: string; ValueName: ".planner"; ValueData: ""

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
