// SPDX-License-Identifier: MIT
// Runs one command and reports its own CPU time and peak RSS, for scripts/bench's run_timed.
// Why not wait4 from Python directly: a child keeps the peak RSS of the memory image it had
// before exec (Linux records the old image's high-water mark at exec), and a child of Python
// starts as a copy of Python, so every command measured from Python showed at least Python's
// RSS (13-18 MB: the floor client really peaks at 7 MB). Forked from this small process, the
// command starts from about 1 MB instead. Not a test.
//
//   msim-rusage OUT CMD [ARGS...]
// Writes "cpu_us=N maxrss_kb=N" (user+sys of CMD, its peak RSS) to the file OUT and exits with
// CMD's exit status (128 + the signal if it was killed, 127 if it could not be started).
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: msim-rusage OUT CMD [ARGS...]\n", stderr);
        return 2;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("msim-rusage: fork");
        return 127;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror("msim-rusage: exec");
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid) {
        perror("msim-rusage: wait4");
        return 127;
    }
    FILE *out = fopen(argv[1], "w");
    if (!out) {
        perror("msim-rusage: OUT");
        return 127;
    }
    long long cpu = (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000 +
                    ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
    fprintf(out, "cpu_us=%lld maxrss_kb=%ld\n", cpu, ru.ru_maxrss);
    fclose(out);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}
