//! A fake root directory and fake account tools. The tools change the files the real
//! ones change, one file at a time with a power-cut check point between files, so a
//! cut can leave what a real cut would: a user in passwd but not in shadow, a group
//! without its user, a home without an account.

use std::fs;
use std::path::{Path, PathBuf};

use lainos_config::firstboot::{ARMED_STATE, OEM_CONFIG, OemConfig, STATE_FILE, parse_oem_config};
use lainos_engine::cmd::{Cmd, CmdError, CommandRunner, Output, Stdin};
use lainos_firstboot::sys::Fault;

pub struct Root {
    dir: tempfile::TempDir,
}

impl Root {
    /// A system as an OEM install leaves it, with the Debian reference profile.
    pub fn oem() -> Root {
        let r = Root {
            dir: tempfile::tempdir().unwrap(),
        };
        r.write(
            "/etc/passwd",
            "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
        );
        r.write(
            "/etc/shadow",
            "root:!:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n",
        );
        r.write(
            "/etc/group",
            "root:x:0:\nvideo:x:44:\naudio:x:29:\ninput:x:105:\nusers:x:100:\nwheel:x:998:\n",
        );
        let profile_text = fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/profiles/debian-openrc.yaml"),
        )
        .unwrap();
        let profile = lainos_config::parse_profile(&profile_text).value.unwrap();
        r.write(
            OEM_CONFIG,
            &OemConfig::from_profile(&profile, "batch-7").render(),
        );
        r.write(STATE_FILE, ARMED_STATE);
        r.write("/etc/init.d/lainos-firstboot", "#!/sbin/openrc-run\n");
        fs::create_dir_all(r.path().join("etc/runlevels/boot")).unwrap();
        fs::create_dir_all(r.path().join("etc/runlevels/default")).unwrap();
        std::os::unix::fs::symlink(
            "/etc/init.d/lainos-firstboot",
            r.path().join("etc/runlevels/boot/lainos-firstboot"),
        )
        .unwrap();
        r.write("/etc/machine-id", "0123456789abcdef0123456789abcdef\n");
        r.write("/etc/ssh/ssh_host_rsa_key", "factory key\n");
        r.write("/etc/hostname", "factory-01\n");
        r.write("/etc/doas.conf", "permit persist :wheel\n");
        r.write("/usr/share/zoneinfo/Europe/Zurich", "TZif");
        r.write("/usr/share/zoneinfo/UTC", "TZif");
        r.write(
            "/usr/share/i18n/SUPPORTED",
            "en_US.UTF-8 UTF-8\nde_CH.UTF-8 UTF-8\n",
        );
        fs::create_dir_all(r.path().join("home")).unwrap();
        r
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    fn at(&self, p: &str) -> PathBuf {
        self.path().join(p.trim_start_matches('/'))
    }

    pub fn read(&self, p: &str) -> String {
        fs::read_to_string(self.at(p)).unwrap_or_default()
    }

    pub fn write(&self, p: &str, text: &str) {
        let f = self.at(p);
        fs::create_dir_all(f.parent().unwrap()).unwrap();
        fs::write(f, text).unwrap();
    }

    pub fn append(&self, p: &str, text: &str) {
        let t = self.read(p) + text;
        self.write(p, &t);
    }

    pub fn in_group(&self, group: &str, user: &str) -> bool {
        self.read("/etc/group").lines().any(|l| {
            let f: Vec<&str> = l.split(':').collect();
            f[0] == group && f.get(3).is_some_and(|m| m.split(',').any(|x| x == user))
        })
    }

    pub fn config(&self) -> OemConfig {
        parse_oem_config(&self.read(OEM_CONFIG)).value.unwrap()
    }
}

/// useradd, userdel, usermod, groupadd, groupdel, chpasswd, locale-gen, ssh-keygen and
/// hostname, on the files of the command's root.
pub struct FakeTools<'a> {
    fault: Option<&'a Fault>,
}

impl<'a> FakeTools<'a> {
    pub fn new(fault: Option<&'a Fault>) -> Self {
        FakeTools { fault }
    }
}

fn fail(cmd: &Cmd, code: i32, why: &str) -> Result<Output, CmdError> {
    Err(CmdError::Failed {
        cmd: cmd.to_string(),
        status: format!("exited with status {code}"),
        code: Some(code),
        stderr_tail: why.into(),
    })
}

fn cut(cmd: &Cmd) -> CmdError {
    CmdError::Failed {
        cmd: cmd.to_string(),
        status: "was killed by the power cut".into(),
        code: None,
        stderr_tail: String::new(),
    }
}

struct Files<'r> {
    root: &'r Path,
}

impl Files<'_> {
    fn read(&self, f: &str) -> Vec<String> {
        fs::read_to_string(self.root.join(f))
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }
    fn write(&self, f: &str, lines: &[String]) {
        let mut t = lines.join("\n");
        if !t.is_empty() {
            t.push('\n');
        }
        fs::write(self.root.join(f), t).unwrap();
    }
    fn has(&self, f: &str, name: &str) -> bool {
        self.read(f)
            .iter()
            .any(|l| l.split(':').next() == Some(name))
    }
    fn next_id(&self, f: &str, from: u32) -> u32 {
        self.read(f)
            .iter()
            .filter_map(|l| l.split(':').nth(2)?.parse::<u32>().ok())
            .filter(|i| (from..60000).contains(i))
            .max()
            .map_or(from, |m| m + 1)
    }
}

impl CommandRunner for FakeTools<'_> {
    fn run(&self, cmd: &Cmd) -> Result<Output, CmdError> {
        let root = cmd.root.clone().expect("setup runs commands in its root");
        let log = root.join("commands.log");
        let mut text = fs::read_to_string(&log).unwrap_or_default();
        text.push_str(&format!("{cmd}\n"));
        fs::write(&log, text).unwrap();
        let f = Files { root: &root };
        let check = || match self.fault {
            Some(fl) => fl.check().map_err(|_| cut(cmd)),
            None => Ok(()),
        };
        let a: Vec<&str> = cmd.args.iter().map(String::as_str).collect();
        let name = a.last().copied().unwrap_or("");
        match cmd.program.as_str() {
            "useradd" => {
                if f.has("etc/passwd", name) || f.has("etc/group", name) {
                    return fail(cmd, 9, "useradd: user or group already exists");
                }
                let shell = a
                    .iter()
                    .position(|x| *x == "-s")
                    .map_or("/bin/sh", |i| a[i + 1]);
                let full = a.iter().position(|x| *x == "-c").map_or("", |i| a[i + 1]);
                let uid = f.next_id("etc/passwd", 1000);
                let mut p = f.read("etc/passwd");
                p.push(format!("{name}:x:{uid}:{uid}:{full}:/home/{name}:{shell}"));
                f.write("etc/passwd", &p);
                check()?;
                let mut g = f.read("etc/group");
                g.push(format!("{name}:x:{uid}:"));
                f.write("etc/group", &g);
                check()?;
                let mut s = f.read("etc/shadow");
                s.push(format!("{name}:!:19000:0:99999:7:::"));
                f.write("etc/shadow", &s);
                check()?;
                fs::create_dir_all(root.join("home").join(name)).unwrap();
            }
            "userdel" => {
                if !f.has("etc/passwd", name) {
                    return fail(cmd, 6, "userdel: user does not exist");
                }
                let keep = |l: &String| l.split(':').next() != Some(name);
                let p: Vec<String> = f.read("etc/passwd").into_iter().filter(keep).collect();
                f.write("etc/passwd", &p);
                check()?;
                let s: Vec<String> = f.read("etc/shadow").into_iter().filter(keep).collect();
                f.write("etc/shadow", &s);
                check()?;
                let g: Vec<String> = f
                    .read("etc/group")
                    .into_iter()
                    .filter(keep)
                    .map(|l| set_member(&l, name, false))
                    .collect();
                f.write("etc/group", &g);
                check()?;
                let _ = fs::remove_dir_all(root.join("home").join(name));
            }
            "groupdel" => {
                if !f.has("etc/group", name) {
                    return fail(cmd, 6, "groupdel: group does not exist");
                }
                let g: Vec<String> = f
                    .read("etc/group")
                    .into_iter()
                    .filter(|l| l.split(':').next() != Some(name))
                    .collect();
                f.write("etc/group", &g);
            }
            "groupadd" => {
                if f.has("etc/group", name) {
                    return fail(cmd, 9, "groupadd: group already exists");
                }
                let gid = f.next_id("etc/group", 900);
                let mut g = f.read("etc/group");
                g.push(format!("{name}:x:{gid}:"));
                f.write("etc/group", &g);
            }
            "usermod" => {
                if !f.has("etc/passwd", name) {
                    return fail(cmd, 6, "usermod: user does not exist");
                }
                let list: Vec<&str> = a[1].split(',').collect();
                for want in &list {
                    if !f.has("etc/group", want) {
                        return fail(cmd, 6, "usermod: group does not exist");
                    }
                }
                let g: Vec<String> = f
                    .read("etc/group")
                    .iter()
                    .map(|l| {
                        let gname = l.split(':').next().unwrap_or("");
                        set_member(l, name, list.contains(&gname))
                    })
                    .collect();
                f.write("etc/group", &g);
            }
            "chpasswd" => {
                let Stdin::Secret(s) = &cmd.stdin else {
                    return fail(cmd, 1, "chpasswd: passwords must come as a secret on stdin");
                };
                assert_eq!(a, ["-e"], "only hashes reach chpasswd");
                let mut shadow = f.read("etc/shadow");
                for line in s.expose().lines() {
                    let (user, hash) = line.split_once(':').unwrap();
                    assert!(hash.starts_with('$'), "chpasswd got a clear password");
                    let Some(entry) = shadow
                        .iter_mut()
                        .find(|l| l.split(':').next() == Some(user))
                    else {
                        return fail(cmd, 1, "chpasswd: unknown user");
                    };
                    let mut fields: Vec<&str> = entry.split(':').collect();
                    fields[1] = hash;
                    *entry = fields.join(":");
                }
                f.write("etc/shadow", &shadow);
            }
            "locale-gen" => {
                fs::create_dir_all(root.join("usr/lib/locale")).unwrap();
                fs::write(root.join("usr/lib/locale/locale-archive"), "").unwrap();
            }
            "ssh-keygen" => {
                fs::write(root.join("etc/ssh/ssh_host_ed25519_key"), "new key").unwrap();
            }
            "hostname" => {}
            other => return fail(cmd, 127, &format!("{other}: not found")),
        }
        Ok(Output::default())
    }
}

fn set_member(line: &str, user: &str, member: bool) -> String {
    let mut f: Vec<String> = line.split(':').map(str::to_owned).collect();
    while f.len() < 4 {
        f.push(String::new());
    }
    let mut m: Vec<String> = f[3]
        .split(',')
        .filter(|x| !x.is_empty() && *x != user)
        .map(str::to_owned)
        .collect();
    if member {
        m.push(user.to_string());
    }
    f[3] = m.join(",");
    f.join(":")
}
