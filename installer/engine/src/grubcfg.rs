//! Just enough of grub.cfg to check what its default entry boots: the first
//! `menuentry` (lainos-install writes `GRUB_DEFAULT=0`), its `linux` line split into
//! the kernel path and arguments, and its `initrd` line.

/// The boot-relevant lines of one menu entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub title: String,
    /// The kernel path and its command line, word by word.
    pub linux: Option<(String, Vec<String>)>,
    /// The first initrd file.
    pub initrd: Option<String>,
}

/// The first top-level `menuentry` of a grub.cfg (submenus are skipped, as GRUB's
/// entry 0 is the first top-level entry).
pub fn default_entry(cfg: &str) -> Option<Entry> {
    let mut depth = 0usize;
    let mut current: Option<Entry> = None;
    let mut entry_depth = 0usize;
    for raw in cfg.lines() {
        let line = raw.trim();
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let opens = line.ends_with('{');
        if current.is_none() && depth == 0 && line.starts_with("menuentry ") && opens {
            current = Some(Entry {
                title: title_of(line),
                linux: None,
                initrd: None,
            });
            entry_depth = depth + 1;
        } else if let Some(e) = current.as_mut() {
            let mut words = line.split_whitespace();
            match words.next() {
                Some("linux" | "linux16" | "linuxefi") if e.linux.is_none() => {
                    if let Some(k) = words.next() {
                        e.linux = Some((k.to_string(), words.map(str::to_string).collect()));
                    }
                }
                Some("initrd" | "initrd16" | "initrdefi") if e.initrd.is_none() => {
                    e.initrd = words.next().map(str::to_string);
                }
                _ => {}
            }
        }
        if opens {
            depth += 1;
        }
        if line == "}" || line.ends_with(" }") {
            depth = depth.saturating_sub(1);
            if current.is_some() && depth < entry_depth {
                return current;
            }
        }
    }
    current
}

fn title_of(line: &str) -> String {
    let rest = line.trim_start_matches("menuentry").trim_start();
    let q = rest.chars().next().unwrap_or('\'');
    if q == '\'' || q == '"' {
        rest[1..].split(q).next().unwrap_or("").to_string()
    } else {
        rest.split_whitespace().next().unwrap_or("").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CFG: &str = r#"
### BEGIN /etc/grub.d/10_linux ###
function gfxmode {
	set gfxpayload="${1}"
}
menuentry 'LainOS' --class lainos --class gnu-linux $menuentry_id_option 'gnulinux-simple-1234' {
	load_video
	insmod gzio
	if [ x$grub_platform = xxen ]; then insmod xzio; insmod lzopio; fi
	insmod part_gpt
	insmod ext2
	search --no-floppy --fs-uuid --set=root 1234
	echo	'Loading Linux linux ...'
	linux	/vmlinuz-linux root=UUID=abcd rw  quiet init=/sbin/openrc-init
	echo	'Loading initial ramdisk ...'
	initrd	/initramfs-linux.img
}
submenu 'Advanced options for LainOS' $menuentry_id_option 'gnulinux-advanced-1234' {
	menuentry 'LainOS, with Linux linux' {
		linux	/vmlinuz-linux root=/dev/sda2 rw
	}
}
"#;

    #[test]
    fn first_entry_is_parsed() {
        let e = default_entry(CFG).unwrap();
        assert_eq!(e.title, "LainOS");
        let (k, args) = e.linux.unwrap();
        assert_eq!(k, "/vmlinuz-linux");
        assert_eq!(args.first().unwrap(), "root=UUID=abcd");
        assert_eq!(args.last().unwrap(), "init=/sbin/openrc-init");
        assert_eq!(e.initrd.as_deref(), Some("/initramfs-linux.img"));
    }

    #[test]
    fn a_missing_initrd_is_seen() {
        let cfg = "menuentry 'x' {\n linux /vmlinuz root=/dev/sda1\n}\n";
        let e = default_entry(cfg).unwrap();
        assert_eq!(e.initrd, None);
        assert_eq!(e.linux.unwrap().1, ["root=/dev/sda1"]);
        assert_eq!(default_entry("set default=0\n"), None);
    }
}
