// C sources of the two programs kctl's images need, compiled with gcc -static
// so the images hold one binary and nothing else.

/**
 * The sandbox ("pause") process: holds the pod's namespaces, exits on SIGINT or
 * SIGTERM (as PID 1 the kernel delivers only signals it handles) and reaps
 * zombies when the pod shares its PID namespace.
 */
export const PAUSE_C = String.raw`#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_stop(int sig) { (void)sig; _exit(0); }

static void on_child(int sig) {
  (void)sig;
  while (waitpid(-1, NULL, WNOHANG) > 0) {}
}

int main(void) {
  struct sigaction stop = {0}, child = {0};
  stop.sa_handler = on_stop;
  child.sa_handler = on_child;
  child.sa_flags = SA_NOCLDSTOP;
  if (sigaction(SIGINT, &stop, NULL) || sigaction(SIGTERM, &stop, NULL) || sigaction(SIGCHLD, &child, NULL)) return 1;
  for (;;) pause();
}
`;

/**
 * A minimal HTTP/1.0 server: answers every request with 200 and
 * "<message> <hostname>\n" (so a test can tell which pod answered), on the port
 * given as its first argument (default 8080). Exits on SIGTERM, unlike busybox
 * httpd as PID 1. One connection at a time: it is a test workload.
 */
export const STATIC_HTTPD_C = String.raw`#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void on_stop(int sig) { (void)sig; _exit(0); }

int main(int argc, char **argv) {
  int port = argc > 1 ? atoi(argv[1]) : 8080;
  const char *message = getenv("MESSAGE") ? getenv("MESSAGE") : "hello from";
  char host[256] = {0}, body[512], head[256], req[4096];
  struct sigaction stop = {0};
  stop.sa_handler = on_stop;
  sigaction(SIGINT, &stop, NULL);
  sigaction(SIGTERM, &stop, NULL);
  signal(SIGPIPE, SIG_IGN);
  gethostname(host, sizeof host - 1);
  int body_len = snprintf(body, sizeof body, "%s %s\n", message, host);
  int head_len = snprintf(head, sizeof head,
    "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n", body_len);
  int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short)port);
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) || listen(fd, 64)) { perror("listen"); return 1; }
  fprintf(stderr, "listening on %d\n", port);
  for (;;) {
    int c = accept(fd, NULL, NULL);
    if (c < 0) continue;
    (void)read(c, req, sizeof req);
    (void)write(c, head, (size_t)head_len);
    (void)write(c, body, (size_t)body_len);
    close(c);
  }
}
`;
