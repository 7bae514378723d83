#include <windows.h>
#include <stdio.h>
/* A stand-in regedit.exe that hangs: it writes what regedit /e FILE KEY would start with,
   Winlogon's DefaultPassword included, then waits forever, as regedit does behind a hidden
   message box. */
int main(int argc, char **argv) {
  if (argc >= 3) {
    FILE *f = fopen(argv[2], "wb");
    if (f) {
      fputs("REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon]\r\n\"DefaultPassword\"=\"planted-secret\"\r\n", f);
      fclose(f);
    }
  }
  Sleep(INFINITE);
  return 0;
}
