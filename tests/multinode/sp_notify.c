/*
 * sp_notify.c - stands in for systemd's notification socket in a test:
 * binds a datagram socket at PATH, then runs COMMAND with NOTIFY_SOCKET
 * set to PATH and prints the first datagram it receives within 10 s.
 *
 * usage: sp_notify PATH COMMAND [ARG ...]
 */
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	struct sockaddr_un	 sa;
	struct pollfd		 pfd;
	char			 buf[256];
	ssize_t			 n;
	pid_t			 pid;
	int			 fd, status;

	if (argc < 3 || strlen(argv[1]) >= sizeof(sa.sun_path))
		return 2;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, argv[1]);
	unlink(argv[1]);
	if ((fd = socket(AF_UNIX, SOCK_DGRAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1)
		return 1;
	if ((pid = fork()) == 0) {
		setenv("NOTIFY_SOCKET", argv[1], 1);
		execv(argv[2], argv + 2);
		_exit(127);
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 10000) == 1 && (n = recv(fd, buf, sizeof(buf) - 1,
	    0)) > 0) {
		buf[n] = '\0';
		printf("%s\n", buf);
	} else
		printf("(nothing)\n");
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	unlink(argv[1]);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
