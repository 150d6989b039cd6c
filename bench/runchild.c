/* runchild.c — runs one command and reports what bench/run.sh measures of
 * a whole process: its wall time (fork to exit) and its peak resident set
 * (ru_maxrss from wait4). The child's stdout goes to /dev/null; its stderr
 * is kept. With -i SECONDS the child gets SIGINT after that long (the tools
 * stop after the current batch and finish their work), so the peak of a
 * long training run can be had without running it to the end.
 *
 * Prints one line: "WALL_SECONDS MAXRSS_KB EXIT_STATUS" (EXIT_STATUS is
 * 128 + the signal number when the child was killed by one).
 *
 * usage: runchild [-i SECONDS] CMD [ARGS...] */
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_util.h"

int main(int argc, char **argv)
{
    double interrupt_after = 0;
    int first = 1;
    if (argc > 2 && !strcmp(argv[1], "-i")) {
        interrupt_after = atof(argv[2]);
        first = 3;
    }
    bench_usage(argc - first + 1, 2, 1 << 20, "runchild [-i SECONDS] CMD [ARGS...]");
    double t0 = bench_now();
    pid_t pid = fork();
    if (pid < 0) {
        perror("runchild: fork");
        return 1;
    }
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0)
            dup2(null, 1);
        execvp(argv[first], argv + first);
        perror(argv[first]);
        _exit(127);
    }
    int status = 0, interrupted = 0;
    struct rusage ru;
    for (;;) {
        pid_t got = wait4(pid, &status, interrupt_after > 0 && !interrupted ? WNOHANG : 0, &ru);
        if (got == pid)
            break;
        if (got < 0) {
            perror("runchild: wait4");
            return 1;
        }
        if (bench_now() - t0 >= interrupt_after) {
            kill(pid, SIGINT);
            interrupted = 1;
        } else
            usleep(10000);
    }
    double wall = bench_now() - t0;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    printf("%.6f %ld %d\n", wall, ru.ru_maxrss, code);
    return 0;
}
