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

Const COLLECTOR_VERSION = "1.0"
Const HOTFIX_KEY = "HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Hotfix"
Const CURRENT_VERSION_KEY = "HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion"
Const PRODUCT_OPTIONS = "HKLM\SYSTEM\CurrentControlSet\Control\ProductOptions\"
Const TEMPORARY_FOLDER = 2
Const FOR_READING = 1
Const TRISTATE_TRUE = -1
Const TRISTATE_FALSE = 0
Const ATTR_REPARSE_POINT = 1024

Dim fso, shell, controlPattern
Dim outPath, tempPath, outStream
Dim extraFolders, visited, hotfixExport
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
  Set controlPattern = MakeControlPattern()

  phase = "reading the command line"
  ParseArguments

  phase = "reading the host's identity from the registry"
  hostName = ReadHostName()
  CheckWindowsVersion
  edition = ReadEdition()
  servicePack = ReadServicePack()
  platform = ReadPlatform()

  phase = "choosing the output file"
  ResolveOutputPath

  phase = "listing recorded hotfixes"
  Set hotfixes = ReadHotfixes()

  phase = "creating the temporary file"
  OpenTemporaryFile

  phase = "writing the inventory"
  WriteLine "<?xml version=""1.0"" encoding=""UTF-16""?>"
  WriteLine "<!-- written by hotfix-inventory.vbs " & COLLECTOR_VERSION & " on " & IsoDate(Now) & " -->"
  WriteLine "<inventory>"
  WriteLine "  <host name=""" & XmlEscape(hostName) & """ edition=""" & edition & _
    """ service-pack=""" & servicePack & """ platform=""" & platform & """>"
  Dim id
  For Each id In hotfixes.Keys
    WriteLine "    <hotfix id=""" & XmlEscape(id) & """/>"
  Next
  If writeError <> "" Then Fail writeError

  Dim systemRoot, folder
  systemRoot = ExpandEnv("%SystemRoot%")
  If systemRoot = "%SystemRoot%" Or systemRoot = "" Then Fail "%SystemRoot% is not set"
  phase = "listing the files under " & systemRoot
  WalkRoot systemRoot
  For Each folder In extraFolders.Keys
    phase = "listing the files under " & folder
    WalkRoot folder
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
hotfixExport = ""

  WScript.Echo "hotfix-inventory: wrote " & outPath & ": " & hostName & " (" & edition & " " & _
    servicePack & " " & platform & "), " & hotfixes.Count & " hotfixes, " & fileCount & " files" & _
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
    "  /?       this text." & vbCrLf & _
    vbCrLf & _
    "The inventory names the host, its edition (ProductOptions), service pack" & vbCrLf & _
    "(CSDVersion; sp6a when hotfix Q246009 is recorded), platform" & vbCrLf & _
    "(PROCESSOR_ARCHITECTURE), the hotfixes recorded under" & vbCrLf & _
    HOTFIX_KEY & vbCrLf & _
    "and every file's path, version, date and size. Folders that cannot be read" & vbCrLf & _
    "are skipped with a warning." & vbCrLf & _
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

Function ReadServicePack()
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
  If number = "" And csd <> "" Then
    ' A CSDVersion without a number (a localized or odd text): the DWORD that
    ' service packs also set holds the level times 256.
    level = RegReadOr("HKLM\SYSTEM\CurrentControlSet\Control\Windows\CSDVersion", "")
    If IsNumeric(level) And level <> "" Then
      number = CStr(CLng(level) \ 256)
    Else
      Fail "cannot tell the service pack from CSDVersion """ & csd & """"
    End If
  End If
  If number = "" Then number = "0"
  If Len(number) > 2 Then Fail "unexpected service pack in CSDVersion """ & csd & """"
  If CInt(number) > 6 Then Fail "unexpected service pack in CSDVersion """ & csd & """: Windows NT 4.0 ends at Service Pack 6a"
  result = "sp" & CInt(number)
  If result = "sp6" Then
    ' Service Pack 6a keeps CSDVersion "Service Pack 6" and records Q246009 (article Q246009).
    If letter = "a" Or CStr(RegReadOr("HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Hotfix\Q246009\Installed", "")) = "1" Then
      result = "sp6a"
    End If
  End If
  ReadServicePack = result
End Function

Function ReadPlatform()
  Dim arch
  arch = ExpandEnv("%PROCESSOR_ARCHITECTURE%")
  If arch = "%PROCESSOR_ARCHITECTURE%" Or arch = "" Then
    arch = RegReadOr("HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment\PROCESSOR_ARCHITECTURE", "")
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
' ids (Q246009), in the registry's order. WSH cannot list subkeys, so
' regedit /e exports the key to a temporary file, which is parsed: ANSI
' "REGEDIT4" on NT 4.0, UTF-16 "Windows Registry Editor Version 5.00" on later
' systems and Wine.
Function ReadHotfixes()
  Dim result, exportKey, exportPath, regedit, command, rc
  Set result = CreateObject("Scripting.Dictionary")
  result.CompareMode = 1
  Set ReadHotfixes = result

  ' regedit shows a message box, and waits, when asked to export a key that
  ' does not exist. The Hotfix key surely exists when SP6a recorded Q246009;
  ' otherwise export its parent, which every NT host has.
  If CStr(RegReadOr("HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Hotfix\Q246009\Installed", "")) <> "" Then
    exportKey = HOTFIX_KEY
  Else
    exportKey = CURRENT_VERSION_KEY
  End If

  If hotfixExport <> "" Then
    ParseHotfixExport hotfixExport, result
    Exit Function
  End If

  ' A policy may forbid regedit; it would then show a message box and wait.
  If CStr(RegReadOr("HKCU\Software\Microsoft\Windows\CurrentVersion\Policies\System\DisableRegistryTools", "0")) <> "0" Then
    Warn "hotfix-inventory: warning: registry editing tools are disabled by policy (DisableRegistryTools): no hotfixes listed"
    Exit Function
  End If

  exportPath = fso.BuildPath(fso.GetSpecialFolder(TEMPORARY_FOLDER).Path, fso.GetTempName())
  regedit = fso.BuildPath(ExpandEnv("%SystemRoot%"), "regedit.exe")
  If Not fso.FileExists(regedit) Then regedit = "regedit.exe"
  command = """" & regedit & """ /e """ & exportPath & """ """ & exportKey & """"
  rc = shell.Run(command, 0, True)
  If Not fso.FileExists(exportPath) Then
    Warn "hotfix-inventory: warning: " & command & " wrote nothing (exit status " & rc & "): no hotfixes listed"
    Exit Function
  End If

  ParseHotfixExport exportPath, result
  On Error Resume Next
  fso.DeleteFile exportPath, True
  On Error GoTo 0
End Function

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
hotfixExport = ""
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

Sub WalkRoot(path)
  Dim folder
  On Error Resume Next
  Set folder = fso.GetFolder(path)
  If Err.Number <> 0 Then
    Warn "hotfix-inventory: warning: cannot open folder " & path & ": " & ErrorText() & ": skipped"
    skippedCount = skippedCount + 1
    Exit Sub
  End If
  On Error GoTo 0
  WalkFolder folder
End Sub

' Lists a folder's files, then its subfolders. A folder that cannot be read
' (access denied) is skipped with a warning; a write error stops the walk.
Sub WalkFolder(folder)
  Dim path, files, subFolders, file, subFolder, count, attributes
  On Error Resume Next
  path = folder.Path
  If Err.Number <> 0 Then
    Warn "hotfix-inventory: warning: a folder has no readable path: " & ErrorText() & ": skipped"
    skippedCount = skippedCount + 1
    Exit Sub
  End If
  If visited.Exists(path) Then Exit Sub
  visited.Add path, True

  Set files = folder.Files
  count = files.Count
  If Err.Number <> 0 Then
    Warn "hotfix-inventory: warning: cannot list folder " & path & ": " & ErrorText() & ": skipped"
    skippedCount = skippedCount + 1
    Exit Sub
  End If
  For Each file In files
    WriteFileLine file, path
    If writeError <> "" Then Exit Sub
  Next
  Err.Clear

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
  Warn "hotfix-inventory: error: " & message
  If outPath <> "" Then Warn "hotfix-inventory: " & outPath & " was not written"
  WScript.Quit 1
End Sub
