; Inno Setup script for the Windows installer (built by .github/workflows/windows.yml; it cannot run
; on the Linux machines the project is developed on). Kept in step with the .deb:
;   the same app folder (packaging/tongxin.spec, checked by packaging/bundle.py);
;   the same machine configuration keys, in %PROGRAMDATA%\Tongxin\config.toml (config.toml.example
;   beside it, every line commented, as /etc/tongxin/config.toml on Linux);
;   the same exit codes (the same program), and the self-test run after installing, which also
;   checks that Chinese and Mongolian-script names draw (Microsoft YaHei and Mongolian Baiti are
;   Windows' own fonts; on Linux the package depends on fonts-noto-cjk and fonts-noto-core);
;   uninstall keeps the configuration and users' data; /PURGE=1 also removes the configuration,
;   like `apt purge`. Users' data is never removed by the uninstaller (see the IT guide).
; Silent install for IT:
;   tongxin-setup.exe /VERYSILENT /SERVER=https://tongxin.example.gov.cn /CODE=K7Q2-9XPD [/CA=C:\certs\ca.pem]

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

[Code]
function Param(Name: String): String;
begin
  Result := ExpandConstant('{param:' + Name + '|}');
end;

{ TOML literal strings ('...') take a URL or a Windows path as typed, backslashes included. }
procedure AddKey(var Lines: TArrayOfString; Key, Value: String);
begin
  if Value <> '' then
  begin
    SetArrayLength(Lines, GetArrayLength(Lines) + 1);
    Lines[GetArrayLength(Lines) - 1] := Key + ' = ''' + Value + '''';
  end;
end;

procedure WriteMachineConfig();
var
  Lines: TArrayOfString;
begin
  AddKey(Lines, 'server_url', Param('SERVER'));
  AddKey(Lines, 'enrollment_code', Param('CODE'));
  AddKey(Lines, 'ca_bundle', Param('CA'));
  ForceDirectories(ExpandConstant('{commonappdata}\Tongxin'));
  SaveStringsToUTF8File(ExpandConstant('{commonappdata}\Tongxin\config.toml'), Lines, False);
end;

{ The same check as `tongxin --self-test` after `apt install`; exit codes as in the IT guide. }
procedure RunSelfTest();
var
  ResultCode: Integer;
begin
  if not Exec(ExpandConstant('{app}\tongxin.exe'), '--self-test', '', SW_HIDE, ewWaitUntilTerminated, ResultCode) then
    ResultCode := -1;
  Log(Format('tongxin --self-test exited with %d', [ResultCode]));
  if ResultCode <> 0 then
    SuppressibleMsgBox(Format('同心网格自检未通过（退出码 %d）。请在命令提示符中运行 tongxin.exe --self-test 查看原因。'#13#10 +
      'The Tongxin Grid self-test failed (exit code %d): run tongxin.exe --self-test to see why.', [ResultCode, ResultCode]),
      mbError, MB_OK, IDOK);
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
  begin
    if Param('SERVER') <> '' then
      WriteMachineConfig();
    RunSelfTest();
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and (ExpandConstant('{param:PURGE|0}') = '1') then
    DelTree(ExpandConstant('{commonappdata}\Tongxin'), True, True, True);
end;
