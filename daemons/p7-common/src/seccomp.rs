//! Seccomp filters for the long-running daemons.
//!
//! Two stacked filters, installed after the privilege drop:
//!
//! 1. an allow-list of what a tokio/zbus daemon really calls in its main loop (found by
//!    running the daemons under load, see `tests/daemons.sh`); `socket()` only for
//!    `AF_UNIX`; anything else fails with `EPERM` instead of killing the daemon, so a
//!    forgotten rarely-used call degrades one request rather than the service (the C
//!    daemons used KILL and died on `rt_sigaction`, `sendto` and `recvfrom`);
//! 2. a deny-list of calls that only an attacker would make (exec, ptrace, namespaces,
//!    mounts, module loading, identity changes) with `KILL_PROCESS`.
//!
//! The kernel applies the strictest verdict of all stacked filters.

use std::collections::BTreeMap;

use seccompiler::{
    BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter,
    SeccompRule, TargetArch,
};

/// Errors building or loading a filter.
#[derive(Debug, thiserror::Error)]
pub enum SeccompError {
    #[error("unsupported architecture `{0}` for seccomp")]
    Arch(String),
    #[error("building the seccomp filter failed")]
    Build(#[from] seccompiler::BackendError),
    #[error("compiling or loading the seccomp filter failed")]
    Compile(#[from] seccompiler::Error),
    #[error("prctl(PR_SET_NO_NEW_PRIVS) failed")]
    NoNewPrivs(#[source] nix::Error),
}

/// What the allow-list admits beyond the base set.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// Extra syscall numbers allowed unconditionally.
    pub extra: Vec<i64>,
}

/// Syscalls a tokio + zbus daemon needs in its main loop.
fn base_allow_list() -> Vec<i64> {
    use libc::*;
    let mut v = vec![
        SYS_read,
        SYS_write,
        SYS_readv,
        SYS_writev,
        SYS_pread64,
        SYS_pwrite64,
        SYS_close,
        SYS_fstat,
        SYS_newfstatat,
        SYS_statx,
        SYS_lseek,
        SYS_mmap,
        SYS_munmap,
        SYS_mprotect,
        SYS_mremap,
        SYS_madvise,
        SYS_brk,
        SYS_rt_sigaction,
        SYS_rt_sigprocmask,
        SYS_rt_sigreturn,
        SYS_sigaltstack,
        SYS_ioctl,
        SYS_fcntl,
        SYS_socketpair,
        SYS_connect,
        SYS_accept4,
        SYS_sendto,
        SYS_sendmsg,
        SYS_recvfrom,
        SYS_recvmsg,
        SYS_shutdown,
        SYS_getsockopt,
        SYS_setsockopt,
        SYS_getsockname,
        SYS_getpeername,
        SYS_epoll_create1,
        SYS_epoll_ctl,
        SYS_epoll_pwait,
        SYS_epoll_pwait2,
        SYS_eventfd2,
        SYS_pipe2,
        SYS_dup,
        SYS_dup3,
        SYS_futex,
        SYS_clone,
        SYS_clone3,
        SYS_set_robust_list,
        SYS_rseq,
        SYS_sched_yield,
        SYS_sched_getaffinity,
        SYS_getrandom,
        SYS_clock_gettime,
        SYS_clock_nanosleep,
        SYS_nanosleep,
        SYS_gettid,
        SYS_getpid,
        SYS_getppid,
        SYS_getuid,
        SYS_geteuid,
        SYS_getgid,
        SYS_getegid,
        SYS_getgroups,
        SYS_exit,
        SYS_exit_group,
        SYS_tgkill,
        SYS_openat,
        SYS_getdents64,
        SYS_uname,
        SYS_prctl,
        SYS_ppoll,
        SYS_faccessat,
        SYS_faccessat2,
        SYS_readlinkat,
        SYS_pidfd_open,
        SYS_restart_syscall,
        SYS_prlimit64,
        SYS_getcwd,
        SYS_set_tid_address,
        SYS_timerfd_create,
        SYS_timerfd_settime,
        SYS_unlinkat,
        SYS_sched_getparam,
        SYS_sched_getscheduler,
        SYS_membarrier,
        SYS_sysinfo,
        SYS_waitid,
        SYS_wait4,
        SYS_kill,
    ];
    #[cfg(target_arch = "x86_64")]
    v.extend([
        SYS_epoll_wait,
        SYS_poll,
        SYS_open,
        SYS_stat,
        SYS_lstat,
        SYS_access,
        SYS_readlink,
        SYS_pipe,
        SYS_dup2,
        SYS_arch_prctl,
        SYS_getdents,
        SYS_unlink,
    ]);
    v
}

/// Syscalls that end the process on sight.
fn kill_list() -> Vec<i64> {
    use libc::*;
    vec![
        SYS_execve,
        SYS_execveat,
        SYS_ptrace,
        SYS_personality,
        SYS_unshare,
        SYS_setns,
        SYS_mount,
        SYS_umount2,
        SYS_pivot_root,
        SYS_chroot,
        SYS_kexec_load,
        SYS_init_module,
        SYS_finit_module,
        SYS_delete_module,
        SYS_bpf,
        SYS_process_vm_readv,
        SYS_process_vm_writev,
        SYS_keyctl,
        SYS_add_key,
        SYS_request_key,
        SYS_userfaultfd,
        SYS_perf_event_open,
        SYS_setuid,
        SYS_setgid,
        SYS_setreuid,
        SYS_setregid,
        SYS_setresuid,
        SYS_setresgid,
        SYS_setgroups,
        SYS_setfsuid,
        SYS_setfsgid,
        SYS_capset,
        SYS_open_by_handle_at,
        SYS_name_to_handle_at,
        SYS_reboot,
        SYS_swapon,
        SYS_swapoff,
    ]
}

fn arch() -> Result<TargetArch, SeccompError> {
    std::env::consts::ARCH
        .try_into()
        .map_err(|_| SeccompError::Arch(std::env::consts::ARCH.to_owned()))
}

/// Compiles the two filters for `profile`.
pub fn compile(profile: &Profile) -> Result<[BpfProgram; 2], SeccompError> {
    let mut allow: BTreeMap<i64, Vec<SeccompRule>> = BTreeMap::new();
    for nr in base_allow_list()
        .into_iter()
        .chain(profile.extra.iter().copied())
    {
        allow.insert(nr, Vec::new());
    }
    let af_unix = SeccompRule::new(vec![SeccompCondition::new(
        0,
        SeccompCmpArgLen::Dword,
        SeccompCmpOp::Eq,
        libc::AF_UNIX as u64,
    )?])?;
    allow.insert(libc::SYS_socket, vec![af_unix]);
    let allow_filter = SeccompFilter::new(
        allow,
        SeccompAction::Errno(libc::EPERM as u32),
        SeccompAction::Allow,
        arch()?,
    )?;
    let kill: BTreeMap<i64, Vec<SeccompRule>> =
        kill_list().into_iter().map(|nr| (nr, Vec::new())).collect();
    let kill_filter = SeccompFilter::new(
        kill,
        SeccompAction::Allow,
        SeccompAction::KillProcess,
        arch()?,
    )?;
    Ok([allow_filter.try_into()?, kill_filter.try_into()?])
}

/// Loads both filters into every thread of the process (sets `no_new_privs`).
pub fn apply(profile: &Profile) -> Result<(), SeccompError> {
    // Without CAP_SYS_ADMIN the kernel only accepts filters under no_new_privs.
    nix::sys::prctl::set_no_new_privs().map_err(SeccompError::NoNewPrivs)?;
    // The kill filter goes first: once the allow-list is loaded, seccomp(2) itself is
    // refused.
    let [allow, kill] = compile(profile)?;
    seccompiler::apply_filter_all_threads(&kill)?;
    seccompiler::apply_filter_all_threads(&allow)?;
    tracing::info!("seccomp filters loaded");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_compile() {
        let [a, k] = compile(&Profile::default()).unwrap();
        assert!(!a.is_empty() && !k.is_empty());
    }

    #[test]
    fn lists_do_not_overlap() {
        let allow = base_allow_list();
        for nr in kill_list() {
            assert!(
                !allow.contains(&nr),
                "syscall {nr} is both allowed and killed"
            );
        }
    }
}
