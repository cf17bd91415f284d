#pragma once
// Runs part of a test as a user that permission bits apply to. Root ignores them
// (CI runs as root), so a "read-only file" test run as root tests nothing: as root,
// the part runs as nobody (setresuid, the way setpriv --reuid=nobody does it).
#include <doctest/doctest.h>

#include <functional>
#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace salesrep::testing {

// The user `as_unprivileged` runs as: this process's own, or nobody's when it is root.
inline uid_t unprivileged_uid() {
    if (::geteuid() != 0) return ::geteuid();
    const passwd* pw = ::getpwnam("nobody");
    return pw ? pw->pw_uid : 65534;
}
inline gid_t unprivileged_gid() {
    if (::geteuid() != 0) return ::getegid();
    const passwd* pw = ::getpwnam("nobody");
    return pw ? pw->pw_gid : 65534;
}

// Runs `part` in a child process as unprivileged_uid() and returns what it returns
// (0 for "all held"; the caller CHECKs it: doctest's checks inside the child would not
// reach the parent). Returns -1 when the child could not give up root or did not exit
// normally (a crash), so such a run never passes for a real one.
inline int as_unprivileged(const std::function<int()>& part) {
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        if (::geteuid() == 0) {
            uid_t uid = unprivileged_uid();
            gid_t gid = unprivileged_gid();
            if (::setgroups(0, nullptr) != 0 || ::setresgid(gid, gid, gid) != 0 || ::setresuid(uid, uid, uid) != 0)
                ::_exit(126);
            ::prctl(PR_SET_DUMPABLE, 1);  // keep /proc/self readable after the change of user
            if (::geteuid() == 0 || ::setuid(0) == 0) ::_exit(126);  // still able to be root: not a real test
        }
        int r = 1;
        try {
            r = part();
        } catch (...) {
            r = 125;
        }
        ::_exit(r);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    if (!WIFEXITED(status) || WEXITSTATUS(status) == 126) return -1;
    return WEXITSTATUS(status);
}

}  // namespace salesrep::testing
