; Inno Setup script for the Windows installer (built by .github/workflows/windows.yml; it cannot run
; on the Linux machines the project is developed on).
;   Per-machine install, Start-menu entry, uninstall that keeps user data unless asked.
;   Silent install for IT:
;     tongxin-setup.exe /VERYSILENT /SERVER=https://tongxin.example.gov.cn /CODE=K7Q2-9XPD
;   writes %PROGRAMDATA%\Tongxin\config.toml with the server URL and the one-time enrollment code.

#define AppVersion GetEnv("TONGXIN_VERSION")

[Setup]
AppId={{6C1D0E0A-3F0B-4E7B-9C55-6B1F3A2D7E11}
AppName=同心网格 Tongxin Grid
AppVersion={#AppVersion}
AppPublisher=Tongxin Grid
DefaultDirName={autopf}\Tongxin
DefaultGroupName=同心网格
PrivilegesRequired=admin
OutputBaseFilename=tongxin-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\tongxin.exe

[Languages]
Name: "zh"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\build\dist\tongxin\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion
Source: "..\config.toml.example"; DestDir: "{commonappdata}\Tongxin"; Flags: ignoreversion

[Icons]
Name: "{group}\同心网格"; Filename: "{app}\tongxin.exe"
Name: "{group}\卸载同心网格"; Filename: "{uninstallexe}"

[Run]
Filename: "{app}\tongxin.exe"; Parameters: "--self-test"; Flags: runhidden waituntilterminated; StatusMsg: "Self-test…"

[UninstallDelete]
; User data (the encrypted database, drafts, logs) lives in %LOCALAPPDATA%\tongxin and is kept
; unless the uninstaller is run with /PURGE=1.

[Code]
function Param(Name: String): String;
begin
  Result := ExpandConstant('{param:' + Name + '|}');
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  Lines: TArrayOfString;
begin
  if (CurStep = ssPostInstall) and (Param('SERVER') <> '') then
  begin
    SetArrayLength(Lines, 2);
    Lines[0] := 'server_url = "' + Param('SERVER') + '"';
    Lines[1] := 'enrollment_code = "' + Param('CODE') + '"';
    ForceDirectories(ExpandConstant('{commonappdata}\Tongxin'));
    SaveStringsToUTF8File(ExpandConstant('{commonappdata}\Tongxin\config.toml'), Lines, False);
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and (ExpandConstant('{param:PURGE|0}') = '1') then
    DelTree(ExpandConstant('{localappdata}\tongxin'), True, True, True);
end;
