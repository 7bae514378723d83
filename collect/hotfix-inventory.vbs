' hotfix-inventory.vbs - write the hotfix-check inventory of this Windows NT 4.0 host.
'
' Run with Windows Script Host 5.6 (Windows Script 5.6 for Windows NT 4.0):
'
'   cscript //nologo hotfix-inventory.vbs [OUTPUT] [FOLDER]... [/out:OUTPUT] [/folder:FOLDER]...
'
' It writes the XML inventory of hotfix-check's contract, section 3: the host
' name, edition, service pack and platform, the hotfixes that the registry
' records as installed, and every file under %SystemRoot% (and under each
' FOLDER) with its path, version, last-modified date and size. OUTPUT is a
' file, or a folder that gets HOSTNAME.xml; the default is HOSTNAME.xml in the
' current folder. The file is written under a temporary name (ending .tmp) and
' renamed when complete, so an OUTPUT file is whole or absent.
'
' Exit status: 0 written; 1 not written (the reason is printed); 2 bad command line.
'
' Only what NT 4.0 with WSH 5.6 has is used: WScript.Shell (RegRead, Run,
' ExpandEnvironmentStrings), Scripting.FileSystemObject, Scripting.Dictionary
' and regedit.exe (/e) to list registry keys, which WSH cannot. The script
' also avoids what Wine's VBScript lacks (AscW, ChrW, Join, Eval), so it runs
' under Wine for the project's tests. The output is UTF-16 with a byte-order
' mark, so any file name is written exactly without AscW.
Option Explicit

Const COLLECTOR_NAME = "hotfix-inventory.vbs"
Const COLLECTOR_VERSION = "1.1"
Const HOTFIX_KEY = "HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Hotfix"
Const CURRENT_VERSION_KEY = "HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion"
Const PRODUCT_OPTIONS = "HKLM\SYSTEM\CurrentControlSet\Control\ProductOptions\"
Const TEMPORARY_FOLDER = 2
Const FOR_READING = 1
Const TRISTATE_TRUE = -1
Const TRISTATE_FALSE = 0
Const ATTR_REPARSE_POINT = 1024
Const ENVIRONMENT_KEY = "HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment\"
' Folders below %SystemRoot% that are not listed: users' profiles, temporary files, queued
' print jobs, logs and the registry's own files. A hotfix never writes there, and listing
' them would send document names to the share and let an old copy on a user's desktop decide
' a verdict. The same list as collect/ntinventory/places.py (a test compares them).
Const SKIPPED_FOLDERS = "Profiles|Temp|system32\spool\PRINTERS|system32\LogFiles|system32\config"
' How long regedit /e may take before it is ended (a message box it shows would wait forever).
Const REGEDIT_SECONDS = 120

Dim fso, shell, controlPattern
Dim outPath, tempPath, outStream
Dim extraFolders, visited, hotfixExport, skippedFolders, exportTemp, regeditSeconds, hotfixListKnown
Dim phase, writeError, fileCount, skippedCount, stdErrWorks
Dim hostName, edition, servicePack, platform, hotfixes

Set extraFolders = Nothing
phase = "starting"
writeError = ""
fileCount = 0
skippedCount = 0
stdErrWorks = True
tempPath = ""
hotfixExport = ""
exportTemp = ""
regeditSeconds = REGEDIT_SECONDS
hotfixListKnown = True

On Error Resume Next
Main
If Err.Number <> 0 Then
  Fail "unexpected error while " & phase & ": " & ErrorText()
End If
On Error GoTo 0
WScript.Quit 0

' ---------------------------------------------------------------------------

Sub Main()
  phase = "starting Windows Script Host objects"
  Set fso = CreateObject("Scripting.FileSystemObject")
  Set shell = CreateObject("WScript.Shell")
  Set visited = CreateObject("Scripting.Dictionary")
  visited.CompareMode = 1 ' text: folder paths are compared without regard to case
  Set extraFolders = CreateObject("Scripting.Dictionary")
  Set skippedFolders = CreateObject("Scripting.Dictionary")
  skippedFolders.CompareMode = 1
  Set controlPattern = MakeControlPattern()

  phase = "reading the command line"
  ParseArguments

  phase = "reading the host's identity from the registry"
  hostName = ReadHostName()
  CheckWindowsVersion
  phase = "checking that file versions can be read"
  CheckRuntime
  phase = "reading the host's identity from the registry"
  edition = ReadEdition()
  servicePack = ReadServicePack(edition)
  platform = ReadPlatform()

  phase = "choosing the output file"
  ResolveOutputPath

  phase = "listing recorded hotfixes"
  Set hotfixes = ReadHotfixes()

  phase = "creating the temporary file"
  OpenTemporaryFile

  phase = "writing the inventory"
  WriteLine "<?xml version=""1.0"" encoding=""UTF-16""?>"
  WriteLine "<inventory>"
  Dim unknownNote
  unknownNote = ""
  If Not hotfixListKnown Then unknownNote = " hotfixes=""unknown"""
  WriteLine "  <host name=""" & XmlEscape(hostName) & """ edition=""" & edition & _
    """ service-pack=""" & servicePack & """ platform=""" & platform & _
    """ collected=""" & CollectedTime() & """ collector=""" & COLLECTOR_NAME & " " & COLLECTOR_VERSION & """" & unknownNote & ">"
  Dim id
  For Each id In hotfixes.Keys
    WriteLine "    <hotfix id=""" & XmlEscape(id) & """/>"
  Next
  If writeError <> "" Then Fail writeError

  Dim systemRoot, folder
  systemRoot = ExpandEnv("%SystemRoot%")
  If systemRoot = "%SystemRoot%" Or systemRoot = "" Then Fail "%SystemRoot% is not set"
  Dim skipped
  For Each skipped In Split(SKIPPED_FOLDERS, "|")
    skippedFolders.Add fso.BuildPath(systemRoot, skipped), True
  Next
  phase = "listing the files under " & systemRoot
  WalkRoot systemRoot, True
  ' The boot drive's root (ntldr, ntdetect.com, boot.ini), without its folders, and the
  ' Program Files folders, where hotfixes also write.
  phase = "listing the boot files"
  WalkRoot "C:\", False
  If UCase(Left(systemRoot, 2)) <> "C:" Then WalkRoot Left(systemRoot, 2) & "\", False
  For Each folder In ProgramFolders()
    phase = "listing the files under " & folder
    WalkRoot folder, True
  Next
  For Each folder In extraFolders.Keys
    phase = "listing the files under " & folder
    WalkRoot folder, True
  Next
  If writeError <> "" Then Fail writeError

  WriteLine "  </host>"
  WriteLine "</inventory>"
  If writeError <> "" Then Fail writeError

  phase = "closing the temporary file"
  outStream.Close
  Set outStream = Nothing

  phase = "renaming " & tempPath & " to " & outPath
  If fso.FileExists(outPath) Then fso.DeleteFile outPath, True
  fso.MoveFile tempPath, outPath
  tempPath = ""

  Dim hotfixNote
  hotfixNote = hotfixes.Count & " hotfixes"
  If Not hotfixListKnown Then hotfixNote = hotfixNote & " (the list is incomplete: hotfixes=""unknown"")"
  WScript.Echo "hotfix-inventory: wrote " & outPath & ": " & hostName & " (" & edition & " " & _
    servicePack & " " & platform & "), " & hotfixNote & ", " & fileCount & " files" & _
    SkippedNote()
End Sub

Function SkippedNote()
  If skippedCount = 0 Then
    SkippedNote = ""
  Else
    SkippedNote = "; " & skippedCount & " folders or files could not be read (see the warnings)"
  End If
End Function

' ---------------------------------------------------------------------------
' Command line

Sub ParseArguments()
  Dim i, arg, lower, positional
  positional = 0
  outPath = ""
  For i = 0 To WScript.Arguments.Count - 1
    arg = WScript.Arguments.Item(i)
    lower = LCase(arg)
    If lower = "/?" Or lower = "-?" Or lower = "/h" Or lower = "/help" Or lower = "-h" Or lower = "--help" Then
      Usage
      WScript.Quit 0
    ElseIf Left(lower, 5) = "/out:" Then
      SetOutput Mid(arg, 6)
    ElseIf Left(lower, 8) = "/folder:" Then
      AddFolder Mid(arg, 9)
    ElseIf Left(lower, 17) = "/regedit-timeout:" Then
      If Not IsDigits(Mid(arg, 18)) Then UsageError "/regedit-timeout: needs a number of seconds"
      regeditSeconds = CLng(Mid(arg, 18))
    ElseIf Left(lower, 10) = "/hotfixes:" Then
      hotfixExport = Mid(arg, 11)
      If Not fso.FileExists(hotfixExport) Then UsageError "/hotfixes: file not found: " & hotfixExport
    ElseIf Left(arg, 1) = "/" Then
      ' A Windows path never starts with a slash: this is an option.
      UsageError "unknown option " & arg
    ElseIf positional = 0 Then
      SetOutput arg
      positional = 1
    Else
      AddFolder arg
    End If
  Next
End Sub

Sub SetOutput(value)
  If value = "" Then UsageError "/out: needs a file or folder name"
  If outPath <> "" Then UsageError "the output is named twice (" & outPath & " and " & value & ")"
  outPath = value
End Sub

Sub AddFolder(value)
  Dim full
  If value = "" Then UsageError "/folder: needs a folder name"
  ' Not fatal: one logon script may name a folder that only some hosts have.
  ' (Checked before GetAbsolutePathName, which Wine gets wrong for missing folders.)
  If Not fso.FolderExists(value) Then
    Warn "hotfix-inventory: warning: folder not found: " & value & ": skipped"
    skippedCount = skippedCount + 1
  Else
    full = fso.GetAbsolutePathName(value)
    If Not extraFolders.Exists(full) Then extraFolders.Add full, True
  End If
End Sub

Sub Usage()
  WScript.Echo "hotfix-inventory.vbs " & COLLECTOR_VERSION & ": write this Windows NT 4.0 host's inventory for hotfix-check." & vbCrLf & _
    vbCrLf & _
    "usage: cscript //nologo hotfix-inventory.vbs [OUTPUT] [FOLDER]... [/out:OUTPUT] [/folder:FOLDER]... [/hotfixes:FILE]" & vbCrLf & _
    vbCrLf & _
    "  OUTPUT   the XML file to write, or an existing folder (a share, say) that gets" & vbCrLf & _
    "           HOSTNAME.xml; default: HOSTNAME.xml in the current folder. It is written" & vbCrLf & _
    "           as a .tmp file and renamed when complete: whole or not at all." & vbCrLf & _
    "  FOLDER   a folder to list besides %SystemRoot% (for example the folder of" & vbCrLf & _
    "           Internet Information Server or Exchange); may be given many times." & vbCrLf & _
    "  /hotfixes:FILE  read the Hotfix key from FILE, a regedit /e export made" & vbCrLf & _
    "           before (REGEDIT4 or version 5), instead of running regedit: for a" & vbCrLf & _
    "           host where a policy forbids regedit, and for tests." & vbCrLf & _
    "  /regedit-timeout:SECONDS  end regedit /e after this long (default " & REGEDIT_SECONDS & ")." & vbCrLf & _
    "  /?       this text." & vbCrLf & _
    vbCrLf & _
    "The inventory names the host, its edition (ProductOptions), service pack" & vbCrLf & _
    "(CSDVersion; sp6a when hotfix Q246009 is recorded), platform" & vbCrLf & _
    "(PROCESSOR_ARCHITECTURE), the hotfixes recorded under" & vbCrLf & _
    HOTFIX_KEY & vbCrLf & _
    "and every file's path, version, date and size under %SystemRoot% (but its" & vbCrLf & _
    "Profiles, Temp, spool, LogFiles and config folders), in C:\ (files only) and" & vbCrLf & _
    "in the Program Files folders. Folders that cannot be read are skipped with a" & vbCrLf & _
    "warning." & vbCrLf & _
    vbCrLf & _
    "examples:" & vbCrLf & _
    "  cscript //nologo hotfix-inventory.vbs" & vbCrLf & _
    "  cscript //nologo hotfix-inventory.vbs \\ADMIN01\inventories$" & vbCrLf & _
    "  cscript //nologo hotfix-inventory.vbs C:\TEMP\ntsrv01.xml ""C:\Program Files\Exchsrvr""" & vbCrLf & _
    vbCrLf & _
    "exit status: 0 written, 1 not written (the reason is printed), 2 bad command line."
End Sub

Sub UsageError(message)
  Warn "hotfix-inventory: " & message & " (/? for help)"
  WScript.Quit 2
End Sub

' ---------------------------------------------------------------------------
' Host facts

Function ReadHostName()
  Dim name, network
  name = ""
  On Error Resume Next
  Set network = CreateObject("WScript.Network")
  If Err.Number = 0 Then name = network.ComputerName
  Err.Clear
  On Error GoTo 0
  If name = "" Then
    name = ExpandEnv("%COMPUTERNAME%")
    If name = "%COMPUTERNAME%" Then name = ""
  End If
  If name = "" Then
    name = RegReadOr("HKLM\SYSTEM\CurrentControlSet\Control\ComputerName\ComputerName\ComputerName", "")
  End If
  If name = "" Then Fail "cannot find the computer name (WScript.Network, %COMPUTERNAME% and the registry are empty)"
  ReadHostName = name
End Function

Sub CheckWindowsVersion()
  Dim version, build
  version = RegReadOr("HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\CurrentVersion", "")
  build = RegReadOr("HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\CurrentBuildNumber", "")
  If version = "" Then
    Fail "cannot read CurrentVersion under HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion: is this Windows NT?"
  End If
  If version <> "4.0" Then
    Fail "this host runs Windows NT " & version & " (build " & build & "), not 4.0: hotfix-check judges Windows NT 4.0 hosts only"
  End If
  If CStr(build) <> "1381" Then
    Fail "CurrentBuildNumber is " & build & ", not 1381: this is not a released Windows NT 4.0"
  End If
End Sub

' An older scripting runtime's GetFileVersion fails on every file, which would give an
' inventory without versions: WSH 5.6 or later is required, and the kernel's version must
' read as Windows NT 4.0 (4.0.1381.x).
Sub CheckRuntime()
  Dim parts, kernel, version
  parts = Split(WScript.Version & ".0", ".")
  If Not IsDigits(parts(0)) Or Not IsDigits(parts(1)) Then Fail "cannot tell the Windows Script Host version from """ & WScript.Version & """"
  If CInt(parts(0)) < 5 Or (CInt(parts(0)) = 5 And CInt(parts(1)) < 6) Then
    Fail "Windows Script Host " & WScript.Version & " cannot read file versions reliably: install Windows Script 5.6 (see collect/README.md)"
  End If
  kernel = fso.BuildPath(ExpandEnv("%SystemRoot%"), "system32\ntoskrnl.exe")
  If Not fso.FileExists(kernel) Then Fail "cannot find " & kernel
  version = ""
  On Error Resume Next
  version = fso.GetFileVersion(kernel)
  Err.Clear
  On Error GoTo 0
  If version = "" Then
    Fail "GetFileVersion gives no version for " & kernel & ": this scripting runtime cannot read file versions; install Windows Script 5.6"
  End If
  If Left(version, 9) <> "4.0.1381." Then
    Fail kernel & " is version " & version & ", not Windows NT 4.0 (4.0.1381)"
  End If
End Sub

Function ReadEdition()
  Dim productType, suites, suite, result
  productType = RegReadOr(PRODUCT_OPTIONS & "ProductType", "")
  Select Case UCase(productType)
    Case "WINNT"
      result = "workstation"
    Case "SERVERNT", "LANMANNT"
      result = "server"
    Case ""
      Fail "cannot read ProductType under " & PRODUCT_OPTIONS
    Case Else
      Fail "unknown ProductType """ & productType & """ under " & PRODUCT_OPTIONS & " (expected WinNT, ServerNT or LanmanNT)"
  End Select

  suites = RegReadOr(PRODUCT_OPTIONS & "ProductSuite", "")
  If Not IsArray(suites) Then suites = Array(suites)
  For Each suite In suites
    ' Terminal Server Edition has its own build line: it wins over Enterprise.
    If InStr(1, suite, "Terminal Server", vbTextCompare) > 0 Then
      result = "terminal-server"
    ElseIf InStr(1, suite, "Enterprise", vbTextCompare) > 0 And result = "server" Then
      result = "enterprise"
    End If
  Next
  If result = "enterprise" Or result = "terminal-server" Then
    If UCase(productType) = "WINNT" Then Fail "ProductSuite names " & result & " on a workstation (ProductType WinNT)"
  End If
  ReadEdition = result
End Function

Function ReadServicePack(edition)
  Dim csd, number, letter, i, c, started, level, result
  csd = RegReadOr("HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\CSDVersion", "")
  number = ""
  letter = ""
  started = False
  For i = 1 To Len(csd)
    c = Mid(csd, i, 1)
    If c >= "0" And c <= "9" Then
      number = number & c
      started = True
    ElseIf started Then
      If LCase(c) = "a" Then letter = "a"
      Exit For
    End If
  Next
  If number = "" Then
    ' No CSDVersion text, or one without a number (a localized or odd text): the DWORD that
    ' service packs also set holds the level times 256.
    level = RegReadOr("HKLM\SYSTEM\CurrentControlSet\Control\Windows\CSDVersion", "")
    If IsNumeric(level) And level <> "" Then
      number = CStr((CLng(level) \ 256) And 255)
    ElseIf csd <> "" Then
      Fail "cannot tell the service pack from CSDVersion """ & csd & """"
    End If
  End If
  If number = "" Then number = "0"
  If Len(number) > 2 Then Fail "unexpected service pack in CSDVersion """ & csd & """"
  If CInt(number) > 6 Then Fail "unexpected service pack in CSDVersion """ & csd & """: Windows NT 4.0 ends at Service Pack 6a"
  result = "sp" & CInt(number)
  If result = "sp6" And edition <> "terminal-server" Then
    ' Service Pack 6a keeps CSDVersion "Service Pack 6" and records Q246009 (article Q246009).
    ' Terminal Server Edition has no SP6a: there the key means nothing.
    If letter = "a" Or CStr(RegReadOr("HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Hotfix\Q246009\Installed", "")) = "1" Then
      result = "sp6a"
    End If
  End If
  ReadServicePack = result
End Function

Function ReadPlatform()
  Dim arch
  ' The machine's value: a user's environment may say anything.
  arch = RegReadOr(ENVIRONMENT_KEY & "PROCESSOR_ARCHITECTURE", "")
  If arch = "" Then
    arch = ExpandEnv("%PROCESSOR_ARCHITECTURE%")
    If arch = "%PROCESSOR_ARCHITECTURE%" Then arch = ""
  End If
  Select Case UCase(arch)
    Case "X86"
      ReadPlatform = "intel"
    Case "ALPHA"
      ReadPlatform = "alpha"
    Case "MIPS"
      ReadPlatform = "mips"
    Case "PPC"
      ReadPlatform = "ppc"
    Case ""
      Fail "cannot read PROCESSOR_ARCHITECTURE"
    Case Else
      Fail "PROCESSOR_ARCHITECTURE is " & arch & ", not a Windows NT 4.0 platform (x86, ALPHA, MIPS, PPC)"
  End Select
End Function

' The hotfixes recorded under HOTFIX_KEY, as a Dictionary whose keys are the
' ids (Q246009). WSH cannot list subkeys, so regedit /e exports the key to a
' temporary file, which is parsed: ANSI "REGEDIT4" on NT 4.0, UTF-16 "Windows
' Registry Editor Version 5.00" on later systems and Wine. When that fails (a
' policy forbids regedit, it hangs on a message box, it writes nothing), the
' hotfixes whose uninstall folders ($NtUninstallQnnnnnn$) are there are probed
' with RegRead, and the list is marked incomplete (hotfixes="unknown"): a
' missing hotfix must not read as "not installed".
Function ReadHotfixes()
  Dim result, exportKey, regedit, command
  Set result = CreateObject("Scripting.Dictionary")
  result.CompareMode = 1
  Set ReadHotfixes = result

  If hotfixExport <> "" Then
    ParseHotfixExport hotfixExport, result
    Exit Function
  End If

  ' A policy may forbid regedit; it would then show a message box and wait.
  If CStr(RegReadOr("HKCU\Software\Microsoft\Windows\CurrentVersion\Policies\System\DisableRegistryTools", "0")) <> "0" Then
    Warn "hotfix-inventory: warning: registry editing tools are disabled by policy (DisableRegistryTools)"
    ProbeHotfixes result
    Exit Function
  End If

  ' regedit shows a message box, and waits, when asked to export a key that
  ' does not exist. The Hotfix key surely exists when SP6a recorded Q246009;
  ' otherwise export its parent, which every NT host has (and which holds
  ' Winlogon's DefaultPassword where one is set: the export is deleted on
  ' every path, Fail included).
  If CStr(RegReadOr("HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Hotfix\Q246009\Installed", "")) <> "" Then
    exportKey = HOTFIX_KEY
  Else
    exportKey = CURRENT_VERSION_KEY
  End If
  exportTemp = fso.BuildPath(fso.GetSpecialFolder(TEMPORARY_FOLDER).Path, fso.GetTempName())
  regedit = fso.BuildPath(ExpandEnv("%SystemRoot%"), "regedit.exe")
  If Not fso.FileExists(regedit) Then regedit = "regedit.exe"
  command = """" & regedit & """ /e """ & exportTemp & """ """ & exportKey & """"
  If Not RunWithDeadline(command, regeditSeconds) Then
    Warn "hotfix-inventory: warning: " & command & " did not finish in " & regeditSeconds & " s (a message box?): ended"
    DeleteExport
    ProbeHotfixes result
    Exit Function
  End If
  If Not fso.FileExists(exportTemp) Then
    Warn "hotfix-inventory: warning: " & command & " wrote nothing"
    DeleteExport
    ProbeHotfixes result
    Exit Function
  End If
  ParseHotfixExport exportTemp, result
  DeleteExport
End Function

' Runs a command line hidden and waits for it at most `seconds`; False when it was ended.
Function RunWithDeadline(command, seconds)
  Dim started, process
  RunWithDeadline = True
  Set process = shell.Exec(command)
  started = Timer
  Do While process.Status = 0
    If SecondsSince(started) >= seconds Then
      On Error Resume Next
      process.Terminate
      Err.Clear
      On Error GoTo 0
      RunWithDeadline = False
      Exit Function
    End If
    Pause
  Loop
End Function

' Seconds since a value of Timer (seconds since midnight), across midnight.
' (Timer, not DateDiff: Wine's VBScript, which the tests run, has no DateDiff.)
Function SecondsSince(started)
  SecondsSince = Timer - started
  If SecondsSince < 0 Then SecondsSince = SecondsSince + 86400
End Function

' A tenth of a second: WScript.Sleep, or where it is missing (Wine's cscript) a wait on Timer.
Sub Pause()
  Dim started
  On Error Resume Next
  WScript.Sleep 100
  If Err.Number = 0 Then Exit Sub
  Err.Clear
  On Error GoTo 0
  started = Timer
  Do While SecondsSince(started) < 0.1
  Loop
End Sub

Sub DeleteExport()
  If exportTemp = "" Then Exit Sub
  On Error Resume Next
  Dim tries
  ' An ended regedit may hold the file for a moment.
  For tries = 1 To 20
    If Not fso.FileExists(exportTemp) Then Exit For
    fso.DeleteFile exportTemp, True
    Err.Clear
    If fso.FileExists(exportTemp) Then Pause
  Next
  If fso.FileExists(exportTemp) Then Warn "hotfix-inventory: warning: cannot delete " & exportTemp & ": delete it by hand (it may hold registry secrets)"
  On Error GoTo 0
  exportTemp = ""
End Sub

' The fallback when the Hotfix key cannot be exported: RegRead of
' Hotfix\Qnnnnnn\Installed for each $NtUninstallQnnnnnn$ folder under
' %SystemRoot%. Hotfixes installed without an uninstall folder are not found,
' so the list is marked incomplete.
Sub ProbeHotfixes(result)
  Dim root, subFolder, name, id, installed
  hotfixListKnown = False
  Warn "hotfix-inventory: warning: the Hotfix key could not be exported: probing the hotfixes of the $NtUninstall folders; the list is marked incomplete (hotfixes=""unknown"")"
  On Error Resume Next
  Set root = fso.GetFolder(ExpandEnv("%SystemRoot%"))
  If Err.Number <> 0 Then
    Err.Clear
    Exit Sub
  End If
  For Each subFolder In root.SubFolders
    name = subFolder.Name
    If StrComp(Left(name, 12), "$NtUninstall", vbTextCompare) = 0 And Right(name, 1) = "$" Then
      id = HotfixID(Mid(name, 13, Len(name) - 13))
      If id <> "" Then
        installed = CStr(RegReadOr("HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Hotfix\" & id & "\Installed", ""))
        If installed <> "" And installed <> "0" And Not result.Exists(id) Then result.Add id, True
      End If
    End If
  Next
  Err.Clear
  On Error GoTo 0
End Sub

' Adds to result the installed hotfixes of a regedit export: ANSI "REGEDIT4"
' (NT 4.0) or UTF-16 "Windows Registry Editor Version 5.00".
Sub ParseHotfixExport(exportPath, result)
  Dim stream, first, unicode, line, prefix, name, current, installed, id
  ' REGEDIT4 files start with "R"; anything else is UTF-16 with a byte-order mark.
  Set stream = fso.OpenTextFile(exportPath, FOR_READING, False, TRISTATE_FALSE)
  first = ""
  If Not stream.AtEndOfStream Then first = stream.Read(1)
  stream.Close
  unicode = (first <> "R")
  If unicode Then
    Set stream = fso.OpenTextFile(exportPath, FOR_READING, False, TRISTATE_TRUE)
  Else
    Set stream = fso.OpenTextFile(exportPath, FOR_READING, False, TRISTATE_FALSE)
  End If

  prefix = "[" & HOTFIX_KEY & "\"
  current = ""
  Do While Not stream.AtEndOfStream
    line = stream.ReadLine
    If Left(line, 1) = "[" Then
      current = ""
      If StrComp(Left(line, Len(prefix)), prefix, vbTextCompare) = 0 And Right(line, 1) = "]" Then
        name = Mid(line, Len(prefix) + 1, Len(line) - Len(prefix) - 1)
        If InStr(name, "\") = 0 Then
          id = HotfixID(name)
          If id = "" Then
            Warn "hotfix-inventory: warning: registry key Hotfix\" & name & " is not a hotfix number: left out"
          Else
            current = id
            If Not result.Exists(id) Then result.Add id, True
          End If
        End If
      End If
    ElseIf current <> "" Then
      ' "Installed"=dword:00000000 (or "0") means the hotfix was taken out.
      If StrComp(Left(line, 12), """Installed""=", vbTextCompare) = 0 Then
        installed = LCase(Trim(Mid(line, 13)))
        If installed = "dword:00000000" Or installed = """0""" Then result.Item(current) = False
      End If
    End If
  Loop
  stream.Close

  ' Keep only the installed ones.
  Dim key
  For Each key In result.Keys
    If Not result.Item(key) Then result.Remove key
  Next
End Sub

' "Q246009" -> "Q246009"; "q246009", "KB246009" -> "Q246009"; a Q number with a
' suffix ("Q147222_SP3") keeps its number; anything else -> "".
Function HotfixID(name)
  Dim rest, digits, i, c
  HotfixID = ""
  If UCase(Left(name, 2)) = "KB" Then
    rest = Mid(name, 3)
  ElseIf UCase(Left(name, 1)) = "Q" Then
    rest = Mid(name, 2)
  Else
    rest = name
  End If
  digits = ""
  For i = 1 To Len(rest)
    c = Mid(rest, i, 1)
    If c >= "0" And c <= "9" Then
      digits = digits & c
    Else
      Exit For
    End If
  Next
  If digits = "" Or Len(digits) > 7 Then Exit Function
  HotfixID = "Q" & digits
End Function

' ---------------------------------------------------------------------------
' Files

Sub ResolveOutputPath()
  Dim parent
  ' The folder must exist; checked on the path as given, since Wine's
  ' GetAbsolutePathName drops the last part of a path whose folder is missing.
  If outPath <> "" Then
    If Right(outPath, 1) = "\" Then
      If Not fso.FolderExists(outPath) Then Fail "the output folder does not exist: " & outPath
    ElseIf Not fso.FolderExists(outPath) Then
      parent = fso.GetParentFolderName(outPath)
      If parent <> "" And Not fso.FolderExists(parent) Then Fail "the output folder does not exist: " & parent
    End If
  End If
  If outPath = "" Then
    outPath = fso.GetAbsolutePathName(hostName & ".xml")
  ElseIf fso.FolderExists(outPath) Or Right(outPath, 1) = "\" Then
    outPath = fso.BuildPath(fso.GetAbsolutePathName(outPath), hostName & ".xml")
  Else
    outPath = fso.GetAbsolutePathName(outPath)
  End If
  parent = fso.GetParentFolderName(outPath)
  If parent <> "" And Not fso.FolderExists(parent) Then Fail "the output folder does not exist: " & parent
  If fso.FolderExists(outPath) Then Fail "the output is a folder: " & outPath
End Sub

Sub OpenTemporaryFile()
  tempPath = outPath & "." & fso.GetTempName() ' ends in .tmp: hotfix-check audit skips it
  On Error Resume Next
  Set outStream = fso.CreateTextFile(tempPath, True, True) ' UTF-16 with a byte-order mark
  If Err.Number <> 0 Then
    Dim message
    message = "cannot create " & tempPath & ": " & ErrorText()
    tempPath = ""
    On Error GoTo 0
    Fail message
  End If
  On Error GoTo 0
End Sub

Sub WriteLine(text)
  If writeError <> "" Then Exit Sub
  On Error Resume Next
  outStream.WriteLine text
  If Err.Number <> 0 Then writeError = "cannot write " & tempPath & ": " & ErrorText()
End Sub

' Lists a folder given by path: with its subfolders, or (a drive's root, for
' ntldr, ntdetect.com and boot.ini) its files alone.
Sub WalkRoot(path, recursive)
  Dim folder
  On Error Resume Next
  Set folder = fso.GetFolder(path)
  If Err.Number <> 0 Then
    Warn "hotfix-inventory: warning: cannot open folder " & path & ": " & ErrorText() & ": skipped"
    skippedCount = skippedCount + 1
    Exit Sub
  End If
  On Error GoTo 0
  If recursive Then
    WalkFolder folder
  Else
    ListFiles folder, path
  End If
End Sub

' Lists a folder's files, then its subfolders. A folder that cannot be read
' (access denied) is skipped with a warning; a write error stops the walk.
Sub WalkFolder(folder)
  Dim path, subFolders, subFolder, count, attributes
  On Error Resume Next
  path = folder.Path
  If Err.Number <> 0 Then
    Warn "hotfix-inventory: warning: a folder has no readable path: " & ErrorText() & ": skipped"
    skippedCount = skippedCount + 1
    Exit Sub
  End If
  If visited.Exists(path) Then Exit Sub
  visited.Add path, True
  If skippedFolders.Exists(path) Then Exit Sub
  If Not ListFiles(folder, path) Then Exit Sub

  Set subFolders = folder.SubFolders
  count = subFolders.Count
  If Err.Number <> 0 Then
    Warn "hotfix-inventory: warning: cannot list the subfolders of " & path & ": " & ErrorText() & ": skipped"
    skippedCount = skippedCount + 1
    Exit Sub
  End If
  For Each subFolder In subFolders
    ' Junctions (Windows 2000 and later) could loop: not followed.
    attributes = 0
    attributes = subFolder.Attributes
    Err.Clear
    If (attributes And ATTR_REPARSE_POINT) = 0 Then WalkFolder subFolder
    If writeError <> "" Then Exit Sub
  Next
  Err.Clear
End Sub

' A folder's files, without its subfolders; False when they cannot be listed
' (skipped with a warning) or writing failed.
Function ListFiles(folder, path)
  Dim files, file, count
  ListFiles = False
  On Error Resume Next
  Set files = folder.Files
  count = files.Count
  If Err.Number <> 0 Then
    Warn "hotfix-inventory: warning: cannot list folder " & path & ": " & ErrorText() & ": skipped"
    skippedCount = skippedCount + 1
    Exit Function
  End If
  For Each file In files
    WriteFileLine file, path
    If writeError <> "" Then Exit Function
  Next
  Err.Clear
  ListFiles = True
End Function

' ProgramFilesDir and CommonFilesDir, where the registry names them and they exist.
Function ProgramFolders()
  Dim result, value, folder
  Set result = CreateObject("Scripting.Dictionary")
  result.CompareMode = 1
  For Each value In Array("ProgramFilesDir", "CommonFilesDir")
    folder = RegReadOr("HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\" & value, "")
    If folder <> "" Then
      If fso.FolderExists(folder) And Not result.Exists(folder) Then result.Add folder, True
    End If
  Next
  ProgramFolders = result.Keys
End Function

Sub WriteFileLine(file, folderPath)
  Dim path, line, version, modified, size
  On Error Resume Next
  path = file.Path
  If Err.Number <> 0 Or path = "" Then
    Warn "hotfix-inventory: warning: a file in " & folderPath & " cannot be read: " & ErrorText() & ": skipped"
    skippedCount = skippedCount + 1
    Exit Sub
  End If
  line = "    <file path=""" & XmlEscape(path) & """"

  version = ""
  version = fso.GetFileVersion(path) ' "" or an error when the file has no version resource
  Err.Clear
  If IsVersion(version) Then line = line & " version=""" & version & """"

  modified = Empty
  modified = file.DateLastModified
  If Err.Number = 0 And IsDate(modified) Then line = line & " date=""" & IsoDate(modified) & """"
  Err.Clear

  size = ""
  size = CStr(file.Size)
  If Err.Number = 0 And IsDigits(size) Then line = line & " size=""" & size & """"
  Err.Clear
  On Error GoTo 0

  WriteLine line & "/>"
  If writeError = "" Then fileCount = fileCount + 1
End Sub

' ---------------------------------------------------------------------------
' Values

' Now in UTC as an xs:dateTime: the machine's ActiveTimeBias (UTC = local + bias minutes).
Function CollectedTime()
  Dim bias, moment
  bias = RegReadOr("HKLM\SYSTEM\CurrentControlSet\Control\TimeZoneInformation\ActiveTimeBias", 0)
  If Not IsNumeric(bias) Then bias = 0
  moment = DateAdd("n", CLng(bias), Now)
  CollectedTime = IsoDate(moment) & "T" & Right("0" & Hour(moment), 2) & ":" & Right("0" & Minute(moment), 2) & ":" & _
    Right("0" & Second(moment), 2) & "Z"
End Function

' YYYY-MM-DD from the date's parts, whatever the locale's date format.
Function IsoDate(value)
  IsoDate = Right("000" & Year(value), 4) & "-" & Right("0" & Month(value), 2) & "-" & Right("0" & Day(value), 2)
End Function

Function IsDigits(text)
  Dim i, c
  IsDigits = False
  If Len(text) = 0 Or Len(text) > 20 Then Exit Function
  For i = 1 To Len(text)
    c = Mid(text, i, 1)
    If c < "0" Or c > "9" Then Exit Function
  Next
  IsDigits = True
End Function

' One to four dotted numbers of at most ten digits each (the schema's version).
Function IsVersion(text)
  Dim parts, part
  IsVersion = False
  If Len(text) = 0 Then Exit Function
  parts = Split(text, ".")
  If UBound(parts) > 3 Then Exit Function
  For Each part In parts
    If Len(part) > 10 Or Not IsDigits(part) Then Exit Function
  Next
  IsVersion = True
End Function

' Escapes text for an XML attribute between double quotes: & < > " and the
' control characters (tab, line feed and carriage return as character
' references; the others, which XML 1.0 cannot carry, as U+FFFD).
Function XmlEscape(text)
  Dim result, code
  result = Replace(text, "&", "&amp;")
  result = Replace(result, "<", "&lt;")
  result = Replace(result, ">", "&gt;")
  result = Replace(result, """", "&quot;")
  If HasControl(result) Then
    For code = 0 To 31
      If InStr(result, Chr(code)) > 0 Then
        Select Case code
          Case 9, 10, 13
            result = Replace(result, Chr(code), "&#" & code & ";")
          Case Else
            result = Replace(result, Chr(code), "&#xFFFD;")
        End Select
      End If
    Next
  End If
  XmlEscape = result
End Function

Function MakeControlPattern()
  Set MakeControlPattern = Nothing
  On Error Resume Next
  Dim pattern
  Set pattern = New RegExp
  If Err.Number <> 0 Then Exit Function
  pattern.Pattern = "[\x00-\x1F]"
  pattern.Global = False
  If pattern.Test("a") Or Not pattern.Test("a" & Chr(9)) Or Err.Number <> 0 Then Exit Function
  Set MakeControlPattern = pattern
End Function

Function HasControl(text)
  If controlPattern Is Nothing Then
    HasControl = True ' no RegExp: check every control character
  Else
    HasControl = controlPattern.Test(text)
  End If
End Function

' ---------------------------------------------------------------------------
' Helpers

' ExpandEnvironmentStrings without the trailing NUL that Wine's WScript.Shell adds.
Function ExpandEnv(text)
  Dim result, nul
  result = shell.ExpandEnvironmentStrings(text)
  nul = InStr(result, Chr(0))
  If nul > 0 Then result = Left(result, nul - 1)
  ExpandEnv = result
End Function

Function RegReadOr(name, fallback)
  Dim value
  On Error Resume Next
  value = shell.RegRead(name)
  If Err.Number <> 0 Then
    Err.Clear
    value = fallback
  End If
  If IsArray(value) Then
    RegReadOr = value
  ElseIf IsNull(value) Or IsEmpty(value) Then
    RegReadOr = fallback
  Else
    RegReadOr = value
  End If
End Function

Function ErrorText()
  Dim description
  description = Err.Description
  If description = "" Then description = "error"
  ErrorText = description & " (0x" & Hex(Err.Number) & ")"
End Function

' A warning on standard error; Wine's cscript has no WScript.StdErr, so
' standard output there.
Sub Warn(message)
  If stdErrWorks Then
    On Error Resume Next
    WScript.StdErr.WriteLine message
    If Err.Number = 0 Then Exit Sub
    Err.Clear
    stdErrWorks = False
    On Error GoTo 0
  End If
  WScript.Echo message
End Sub

' Gives up: removes the temporary file, says why, exits with status 1.
Sub Fail(message)
  On Error Resume Next
  If IsObject(outStream) Then
    If Not outStream Is Nothing Then outStream.Close
  End If
  If tempPath <> "" Then
    If fso.FileExists(tempPath) Then fso.DeleteFile tempPath, True
  End If
  Err.Clear
  DeleteExport
  Warn "hotfix-inventory: error: " & message
  If outPath <> "" Then Warn "hotfix-inventory: " & outPath & " was not written"
  WScript.Quit 1
End Sub
