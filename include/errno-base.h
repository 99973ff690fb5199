/*
 * errno-base.h - error numbers, with Linux's values so a reader can match
 * them against Linux's messages. Functions return 0 or -EXXX.
 */
#ifndef _LANTERN_ERRNO_BASE_H
#define _LANTERN_ERRNO_BASE_H

#define EPERM		1
#define ENOENT		2
#define ESRCH		3
#define EINTR		4
#define EIO		5
#define ENXIO		6
#define E2BIG		7
#define ENOEXEC		8
#define EBADF		9
#define ECHILD		10
#define EAGAIN		11
#define ENOMEM		12
#define EACCES		13
#define EFAULT		14
#define EBUSY		16
#define EEXIST		17
#define ENODEV		19
#define EINVAL		22
#define ENOSPC		28
#define EROFS		30
#define ERANGE		34
#define ENOSYS		38
#define ENODATA		61
#define ETIME		62
#define EOVERFLOW	75
#define EILSEQ		84
#define EOPNOTSUPP	95
#define ETIMEDOUT	110
#define EINPROGRESS	115	/* left running: it ends later, on its own */
#define EMEDIUMTYPE	124	/* wrong kind of device (a packet device where a disk was looked for) */

#endif
