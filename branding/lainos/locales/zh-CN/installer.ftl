## Application
app-title = { $product } 安装程序
nav-back = 上一步
nav-next = 下一步
nav-install = 立即安装
nav-cancel = 取消安装
nav-save = 保存应答文件
saved-to = 应答文件已保存到 { $path }
save-failed = 无法保存应答文件：{ $error }
service-unreachable = 安装服务不可用：{ $error }
service-connecting = 正在连接安装服务…

## Pages
page-welcome = 欢迎
page-location = 位置
page-keyboard = 键盘
page-disk = 磁盘
page-users = 用户
page-summary = 摘要
page-install = 安装
page-done = 完成

## Welcome
welcome-title = 欢迎使用 { $product }
welcome-body = 本向导将在这台计算机上安装 { $product }。请先选择您的语言。
welcome-language = 语言
req-title = 系统要求
req-ram = 内存：{ $have }（至少 { $need }）
req-disk = 至少 { $need } 的磁盘
req-firmware = 固件：{ $kind }
req-power-ok = 已连接电源
req-power-battery = 正在使用电池：请在安装前连接充电器
req-power-unknown = 电源状态未知
req-met = 满足
req-not-met = 不满足
req-probing = 正在检查这台计算机…

## Location
location-title = 您在哪里？
location-timezone = 时区
location-search = 搜索
location-locale = 所安装系统的语言和格式
location-selected = 已选择：{ $value }
location-no-match = 没有与“{ $query }”匹配的结果

## Keyboard
keyboard-title = 键盘布局
keyboard-layout = 布局
keyboard-variant = 变体
keyboard-variant-default = 默认
keyboard-try = 在此输入以测试键盘

## Disk
disk-title = 要将 { $product } 安装到哪里？
disk-choose = 磁盘
disk-erase = 清除磁盘并安装 { $product }
disk-in-use = 使用中（Live 介质）
disk-filesystem = 文件系统
disk-swap = 交换空间
swap-none = 无
swap-file = 交换文件
swap-partition = 交换分区
disk-encrypt = 加密系统
disk-encrypt-hint = 每次启动时、系统加载之前都需要输入此密码短语，使用在“键盘”页面选择的布局。将另外创建一个未加密的 /boot 分区。
disk-passphrase = 密码短语
disk-passphrase-confirm = 确认密码短语
disk-none = 未找到磁盘
err-disk-required = 请选择一个磁盘
err-passphrase-short = 密码短语至少需要 { $min } 个字符
err-passphrase-mismatch = 两次输入的密码短语不一致

## Disk: manual layout
disk-manual = 自己选择分区（手动）
manual-help = 为每个分区选择用途。未使用的分区不会被改动。
manual-no-partitions = 此磁盘还没有分区：请在空闲空间中添加新分区。
manual-no-filesystem = 无文件系统
manual-new-partition = 新分区
manual-size = 大小
manual-size-hint = 例如 20GiB 或 100%
manual-mount = 挂载点
manual-unused = 不使用（保持原样）
manual-swap = 交换空间
manual-format = 格式化
manual-remove = 移除
manual-add = 添加分区
manual-free = 磁盘空闲空间：{ $free }
manual-will-erase = { $device } 上的所有内容都将被清除
err-manual-rest-last = 只有最后一个新分区可以占用剩余空间（100%）
err-manual-new-unused = 请为新分区选择挂载点
err-manual-mount-twice = { $mount } 已经是另一个分区的挂载点
err-manual-format-empty = 此分区没有文件系统：必须格式化
err-manual-format-other = 此分区包含 { $current }：要作为 { $fs } 使用，请将其格式化
err-manual-no-root = 请为 /（系统）选择一个分区
err-manual-no-esp = 这台计算机以 UEFI 启动：请为 /boot/efi 选择一个 EFI 系统分区（vfat）
err-manual-no-space = 新分区放不进空闲空间（{ $free }）
err-size-no-unit = 请加上单位，例如 512MiB 或 20GiB
err-size-decimal = 请使用 { $binary }，而不是 { $unit }
err-size-not-positive = 大小必须大于零
err-size-invalid = 请输入带单位（MiB、GiB、TiB）的整数，或用 100% 表示剩余全部空间

## Users
users-title = 谁将使用这台计算机？
users-full-name = 您的姓名
users-name = 用户名
users-password = 密码
users-password-confirm = 确认密码
users-hostname = 计算机名
users-admin = 允许此用户管理计算机（doas）
users-root-same = root 账户使用相同的密码（否则 root 保持锁定）
strength-weak = 强度：弱
strength-fair = 强度：中
strength-strong = 强度：强
err-name-invalid = 请使用小写字母、数字、“_”和“-”，并以字母开头
err-password-empty = 请输入密码
err-password-mismatch = 两次输入的密码不一致
err-hostname-invalid = 请使用字母、数字和“-”，最多 63 个字符

## Summary
summary-title = 准备安装
summary-planning = 正在制定计划…
summary-actions = 将要执行的操作
summary-destructive = 以下操作会清除数据
summary-confirm = 我了解上面列出的数据将被清除
summary-plan-failed = 无法开始安装：

## Summary: one line per kind of action of the plan
plan-verify-source = 校验系统镜像 { $image }
plan-verify-source-skip = 不校验直接使用系统镜像 { $image }
plan-wipe-disk = 清除 { $disk } 上的所有分区和文件系统
plan-write-partition-table = 在 { $disk } 上写入新的分区表：{ $partitions }
plan-add-partitions = 向 { $disk } 添加分区：{ $partitions }
plan-format = 将 { $device } 格式化为 { $fs }
plan-encrypt = 使用 LUKS2 加密 { $device }
plan-unlock = 打开现有的 LUKS 卷 { $device }
plan-create-subvolumes = 创建 btrfs 子卷 { $subvolumes }
plan-mount = 将 { $device } 挂载到 { $target }
plan-unpack = 复制系统（{ $size }）
plan-create-swap-file = 创建 { $size } 的交换文件
plan-write-file = 写入 { $path }
plan-remove-paths = 删除 live 会话的文件：{ $paths }
plan-mount-api-filesystems = 准备已安装的系统以运行命令
plan-generate-locales = 生成区域设置 { $locales }
plan-set-timezone = 将时区设置为 { $zone }
plan-remove-user = 删除 live 用户 { $name }
plan-create-group = 创建组 { $name }
plan-create-user = 创建用户 { $name }（组：{ $groups }）
plan-lock-root = 锁定 root 账户
plan-set-root-password = 设置 root 密码
plan-enable-service = 启用服务 { $name }（运行级别 { $runlevel }）
plan-disable-service = 禁用服务 { $name }
plan-remove-packages = 删除 live 会话的软件包
plan-generate-initramfs = 为内核 { $kernel } 生成 initramfs
plan-install-bootloader = 安装 GRUB 引导程序（{ $firmware }）
plan-generate-grub-config = 写入启动菜单
plan-run-hook = 运行钩子 { $command }
plan-verify = 检查已安装的系统能否启动
plan-copy-log = 将安装日志保存到 { $path }
plan-copy-file = 将 { $path } 复制到已安装的系统
plan-unmount-all = 卸载所有文件系统
plan-finish-reboot = 重新启动计算机
plan-finish-poweroff = 关闭计算机
plan-finish-none = 保持计算机运行

## Install
install-title = 正在安装 { $product }
install-show-log = 显示详细信息
install-hide-log = 隐藏详细信息
install-cancelling = 正在取消…
install-bytes = 已复制 { $done }，共 { $total }

## Sizes (binary units; $n is already formatted with size-decimal-separator)
size-decimal-separator = .
size-b = { $n } B
size-kib = { $n } KiB
size-mib = { $n } MiB
size-gib = { $n } GiB
size-tib = { $n } TiB

## Finished
done-title = 全部完成
done-body = { $product } 已安装。请重新启动计算机并取出安装介质。
done-restart = 立即重启
done-stay = 留在 Live 会话中
failed-title = 安装失败
failed-body = 安装程序已停止。发生的情况：
cancelled-title = 安装已取消
done-close = 关闭

## Slideshow
slide-1 = { $product } 使用 OpenRC 启动：快速、简单，没有 systemd。
slide-2 = 使用 doas 管理系统，它是小巧且易于审计的 sudo 替代品。
slide-3 = 您的桌面照常工作：Protocol 7 守护进程提供它所需要的接口。

## Keyboard hints (shortcut names as printed on keyboards in the language)
keys-nav = 回车：下一步 · Esc 或 { $back }：上一步 · { $next }：下一步 · Tab：下一个输入框
keys-welcome = ↑ ↓：选择语言
keys-location = ↑ ↓、Page Up/Down、Home/End：在带框的列表中移动 · 用 Tab 进入搜索框会给其列表加框
keys-keyboard = ↑ ↓、Page Up/Down：布局 · Ctrl+↑ ↓：变体
keys-disk = Ctrl+↑ ↓：磁盘 · Ctrl+L：抹除、并存或手动 · Ctrl+P：交换空间
keys-erase = ↑ ↓：磁盘 · Ctrl+F：文件系统 · Ctrl+E：加密
keys-manual = ↑ ↓：分区（带框）· M、Shift+M：挂载点 · F：文件系统 · 空格：格式化或保留 · Delete：移除新分区 · Ctrl+N：新分区的大小
keys-users = Tab：下一个输入框 · Ctrl+D：管理员 · Ctrl+R：root 使用相同密码
keys-summary = 空格：勾选或取消确认 · Ctrl+回车：安装（需已勾选确认）· Ctrl+S：保存应答文件
keys-install = Ctrl+L：显示或隐藏日志
nav-install-key = Ctrl+回车

## Disk: install alongside, partitions that stay, unlocking LUKS (gui-storage)
disk-alongside = 将 { $product } 安装在其他系统旁边的空闲空间中
alongside-no-table = 不可用：此磁盘没有分区表，没有可以并存的系统
alongside-not-gpt = 不可用：此磁盘使用 MBR 分区表；并存安装需要 GPT
alongside-too-small = 不可用：此磁盘最大的空闲空间为 { $free }；至少需要 { $need }
alongside-free = 新分区将放在磁盘最大的空闲空间中：{ $free }
alongside-stays = 以下分区保持不变：
alongside-no-partitions = 此磁盘没有分区。
manual-unlock = 用密码短语解锁
manual-unlock-hint = 加密分区（LUKS）：在写入任何内容之前用此密码短语打开；文件系统和格式化作用于其中的内容。安装后的系统每次启动时都会询问它，使用在“键盘”页面选择的布局。
err-manual-unlock-empty = 请输入打开此加密分区的密码短语
summary-kept = 以下分区将保留
kept-unused = 不使用，不改动
kept-mounted = 挂载到 { $mount }，内容不变
kept-swap = 用作交换空间，不格式化
kept-esp = EFI 系统分区：添加 GRUB 的文件，其他不变
kept-bios-boot = BIOS 引导分区：写入 GRUB 的核心映像

## Setup mode (first boot of a preloaded computer: lainos-installer --setup)
setup-app-title = { $product } 设置
setup-welcome-body = 欢迎使用您的新计算机。只需回答几个问题即可完成准备。请先选择语言。
setup-users-admin = 此用户管理这台计算机（可以使用 doas）。
setup-summary-title = 准备就绪，可以开始设置
setup-summary-body = 请检查您的回答。“完成设置”会创建您的账户并准备这台计算机，之后即可登录。
setup-summary-locale = 语言和格式
setup-summary-timezone = 时区
setup-summary-keyboard = 键盘
setup-summary-user = 管理员
setup-summary-hostname = 计算机名
setup-summary-root = root 账户
setup-summary-root-locked = 已锁定（使用 doas 管理）
setup-summary-root-same = 与管理员相同的密码
nav-finish = 完成设置
setup-write-failed = 无法保存回答：{ $error }
keys-setup-summary = Ctrl+回车：完成设置 · Esc：上一步
