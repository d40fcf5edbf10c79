## Application
app-title = { $product } インストーラー
nav-back = 戻る
nav-next = 次へ
nav-install = 今すぐインストール
nav-cancel = インストールを中止
nav-save = 応答ファイルを保存
saved-to = 応答ファイルを { $path } に保存しました
save-failed = 応答ファイルを保存できませんでした: { $error }
service-unreachable = インストールサービスを利用できません: { $error }
service-connecting = インストールサービスに接続しています…

## Pages
page-welcome = ようこそ
page-location = 地域
page-keyboard = キーボード
page-disk = ディスク
page-users = ユーザー
page-summary = 概要
page-install = インストール
page-done = 完了

## Welcome
welcome-title = { $product } へようこそ
welcome-body = このアシスタントは、このコンピューターに { $product } をインストールします。まず言語を選んでください。
welcome-language = 言語
req-title = 動作要件
req-ram = メモリ: { $have } ({ $need } 以上)
req-disk = { $need } 以上のディスク
req-firmware = ファームウェア: { $kind }
req-power-ok = 電源に接続されています
req-power-battery = バッテリーで動作中です。インストール前に充電器を接続してください
req-power-unknown = 電源の状態は不明です
req-met = OK
req-not-met = 満たしていません
req-probing = このコンピューターを調べています…

## Location
location-title = どこにお住まいですか?
location-timezone = タイムゾーン
location-search = 検索
location-locale = インストールするシステムの言語と書式
location-selected = 選択中: { $value }
location-no-match = 「{ $query }」に一致するものはありません

## Keyboard
keyboard-title = キーボード配列
keyboard-layout = 配列
keyboard-variant = バリアント
keyboard-variant-default = 標準
keyboard-try = ここに入力してキーボードを試してください

## Disk
disk-title = { $product } をどこにインストールしますか?
disk-choose = ディスク
disk-erase = ディスクを消去して { $product } をインストール
disk-in-use = 使用中 (ライブメディア)
disk-filesystem = ファイルシステム
disk-swap = スワップ
swap-none = なし
swap-file = スワップファイル
swap-partition = スワップパーティション
disk-encrypt = システムを暗号化する
disk-encrypt-hint = このパスフレーズは起動のたびに、システムの読み込み前に、「キーボード」ページで選んだ配列で入力します。暗号化されない /boot パーティションが別に作成されます。
disk-passphrase = パスフレーズ
disk-passphrase-confirm = パスフレーズの確認
disk-none = ディスクが見つかりません
err-disk-required = ディスクを選んでください
err-passphrase-short = パスフレーズは { $min } 文字以上必要です
err-passphrase-mismatch = パスフレーズが一致しません

## Disk: manual layout
disk-manual = パーティションを自分で選ぶ (手動)
manual-help = 各パーティションの用途を選んでください。使わないパーティションには手を加えません。
manual-no-partitions = このディスクにはまだパーティションがありません。空き領域に新しいパーティションを追加してください。
manual-no-filesystem = ファイルシステムなし
manual-new-partition = 新しいパーティション
manual-size = サイズ
manual-size-hint = 例: 20GiB または 100%
manual-mount = マウントポイント
manual-unused = 使わない (そのまま残す)
manual-swap = スワップ
manual-format = フォーマット
manual-remove = 削除
manual-add = パーティションを追加
manual-free = ディスクの空き領域: { $free }
manual-will-erase = { $device } の内容はすべて消去されます
err-manual-rest-last = 残り (100%) を使えるのは最後の新しいパーティションだけです
err-manual-new-unused = 新しいパーティションのマウントポイントを選んでください
err-manual-mount-twice = { $mount } はすでに別のパーティションのマウントポイントです
err-manual-format-empty = このパーティションにはファイルシステムがありません。フォーマットが必要です
err-manual-format-other = このパーティションは { $current } です。{ $fs } として使うにはフォーマットしてください
err-manual-no-root = / (システム) 用のパーティションを選んでください
err-manual-no-esp = このコンピューターは UEFI で起動します。/boot/efi 用の EFI システムパーティション (vfat) を選んでください
err-manual-no-space = 新しいパーティションが空き領域 ({ $free }) に収まりません
err-size-no-unit = 512MiB や 20GiB のように単位を付けてください
err-size-decimal = { $unit } ではなく { $binary } を使ってください
err-size-not-positive = サイズは 0 より大きくしてください
err-size-invalid = 単位 (MiB、GiB、TiB) 付きの整数、または残りすべてなら 100% と入力してください

## Users
users-title = このコンピューターを使うのは誰ですか?
users-full-name = お名前
users-name = ユーザー名
users-password = パスワード
users-password-confirm = パスワードの確認
users-hostname = コンピューター名
users-admin = このユーザーにコンピューターの管理を許可する (doas)
users-root-same = root アカウントにも同じパスワードを使う (使わない場合 root はロックされたまま)
strength-weak = 強度: 弱い
strength-fair = 強度: 普通
strength-strong = 強度: 強い
err-name-invalid = 英小文字、数字、「_」、「-」を使い、英字で始めてください
err-password-empty = パスワードを入力してください
err-password-mismatch = パスワードが一致しません
err-hostname-invalid = 英字、数字、「-」を使い、63 文字以内にしてください

## Summary
summary-title = インストールの準備ができました
summary-planning = 計画を作成しています…
summary-actions = 実行される内容
summary-destructive = 次の操作でデータが消去されます
summary-confirm = 上記のデータが消去されることを理解しました
summary-plan-failed = インストールを開始できません:

## Summary: one line per kind of action of the plan
plan-verify-source = システムイメージ { $image } を検証する
plan-verify-source-skip = システムイメージ { $image } を検証せずに使う
plan-wipe-disk = { $disk } のすべてのパーティションとファイルシステムを消去する
plan-write-partition-table = { $disk } に新しいパーティションテーブルを書き込む: { $partitions }
plan-add-partitions = { $disk } にパーティションを追加する: { $partitions }
plan-format = { $device } を { $fs } でフォーマットする
plan-encrypt = { $device } を LUKS2 で暗号化する
plan-unlock = 既存の LUKS ボリューム { $device } を開く
plan-create-subvolumes = btrfs サブボリューム { $subvolumes } を作成する
plan-mount = { $device } を { $target } にマウントする
plan-unpack = システムをコピーする ({ $size })
plan-create-swap-file = { $size } のスワップファイルを作成する
plan-write-file = { $path } を書き込む
plan-remove-paths = ライブセッションのファイルを削除する: { $paths }
plan-mount-api-filesystems = インストールしたシステムでコマンドを実行する準備をする
plan-generate-locales = ロケール { $locales } を生成する
plan-set-timezone = タイムゾーンを { $zone } に設定する
plan-remove-user = ライブユーザー { $name } を削除する
plan-create-group = グループ { $name } を作成する
plan-create-user = ユーザー { $name } を作成する (グループ: { $groups })
plan-lock-root = root アカウントをロックする
plan-set-root-password = root のパスワードを設定する
plan-enable-service = サービス { $name } を有効にする (ランレベル { $runlevel })
plan-disable-service = サービス { $name } を無効にする
plan-remove-packages = ライブセッションのパッケージを削除する
plan-generate-initramfs = カーネル { $kernel } の initramfs を作成する
plan-install-bootloader = ブートローダー GRUB をインストールする ({ $firmware })
plan-generate-grub-config = ブートメニューを書き込む
plan-run-hook = フック { $command } を実行する
plan-verify = インストールしたシステムが起動できるか確認する
plan-copy-log = インストールログを { $path } に保存する
plan-copy-file = { $path } をインストール先のシステムにコピーする
plan-unmount-all = すべてアンマウントする
plan-finish-reboot = コンピューターを再起動する
plan-finish-poweroff = コンピューターの電源を切る
plan-finish-none = コンピューターを起動したままにする

## Install
install-title = { $product } をインストールしています
install-show-log = 詳細を表示
install-hide-log = 詳細を隠す
install-cancelling = 中止しています…
install-bytes = { $total } 中 { $done } をコピーしました

## Sizes (binary units; $n is already formatted with size-decimal-separator)
size-decimal-separator = .
size-b = { $n } B
size-kib = { $n } KiB
size-mib = { $n } MiB
size-gib = { $n } GiB
size-tib = { $n } TiB

## Finished
done-title = 完了しました
done-body = { $product } のインストールが完了しました。コンピューターを再起動し、インストールメディアを取り外してください。
done-restart = 今すぐ再起動
done-stay = ライブセッションを続ける
failed-title = インストールに失敗しました
failed-body = インストーラーは停止しました。発生した内容:
cancelled-title = インストールは中止されました
done-close = 閉じる

## Slideshow
slide-1 = { $product } は OpenRC で起動します。高速でシンプル、systemd はありません。
slide-2 = 小さく監査しやすい sudo の代替、doas でシステムを管理できます。
slide-3 = デスクトップはそのまま動きます。Protocol 7 デーモンが必要なインターフェースを提供します。

## Keyboard hints (shortcut names as printed on keyboards in the language)
keys-nav = Enter: 次へ · Esc または { $back }: 戻る · { $next }: 次へ · Tab: 次の入力欄
keys-welcome = ↑ ↓: 言語を選ぶ
keys-location = ↑ ↓、Page Up/Down、Home/End: 枠で囲まれた一覧内を移動 · 検索欄へ Tab で移るとその一覧が枠で囲まれます
keys-keyboard = ↑ ↓、Page Up/Down: 配列 · Ctrl+↑ ↓: バリアント
keys-disk = Ctrl+↑ ↓: ディスク · Ctrl+L: 消去・共存・手動 · Ctrl+P: スワップ
keys-erase = ↑ ↓: ディスク · Ctrl+F: ファイルシステム · Ctrl+E: 暗号化
keys-manual = ↑ ↓: パーティション (枠付き) · M、Shift+M: マウントポイント · F: ファイルシステム · スペース: フォーマットまたは保持 · Delete: 新しいパーティションを削除 · Ctrl+N: 新しいパーティションのサイズ
keys-users = Tab: 次の入力欄 · Ctrl+D: 管理者 · Ctrl+R: root に同じパスワード
keys-summary = スペース: 確認のチェックを切り替え · Ctrl+Enter: インストール (確認にチェックがあるとき) · Ctrl+S: 応答ファイルを保存
keys-install = Ctrl+L: ログの表示・非表示
nav-install-key = Ctrl+Enter

## Disk: install alongside, partitions that stay, unlocking LUKS (gui-storage)
disk-alongside = 他のシステムと共存させて、空き領域に { $product } をインストール
alongside-no-table = 選べません: このディスクにはパーティションテーブルがないため、共存させる相手がありません
alongside-not-gpt = 選べません: このディスクは MBR パーティションテーブルです。共存インストールには GPT が必要です
alongside-too-small = 選べません: このディスクの最大の空き領域は { $free } です。少なくとも { $need } 必要です
alongside-free = 新しいパーティションはディスクの最大の空き領域に作られます: { $free }
alongside-stays = 次のパーティションはそのまま残ります:
alongside-no-partitions = このディスクにはパーティションがありません。
manual-unlock = パスフレーズで解除
manual-unlock-hint = 暗号化パーティション (LUKS): 何かを書き込む前にこのパスフレーズで開きます。ファイルシステムとフォーマットは中身に適用されます。インストールしたシステムは起動のたびに、「キーボード」ページで選んだ配列でこのパスフレーズを尋ねます。
err-manual-unlock-empty = この暗号化パーティションを開くパスフレーズを入力してください
summary-kept = 残るパーティション
kept-unused = 使用せず、変更しません
kept-mounted = { $mount } にマウント、中身は変更しません
kept-swap = スワップとして使用、フォーマットしません
kept-esp = EFI システムパーティション: GRUB のファイルを追加し、それ以外は変更しません
kept-bios-boot = BIOS ブートパーティション: GRUB のコアイメージを書き込みます

## Setup mode (first boot of a preloaded computer: lainos-installer --setup)
setup-app-title = { $product } セットアップ
setup-welcome-body = 新しいコンピューターへようこそ。いくつかの質問に答えるだけで準備が整います。まず言語を選んでください。
setup-users-admin = このユーザーがコンピューターを管理します (doas を使用可能)。
setup-summary-title = セットアップの準備ができました
setup-summary-body = 回答を確認してください。「セットアップを完了」でアカウントが作成され、このコンピューターの準備が行われます。その後ログインできます。
setup-summary-locale = 言語と書式
setup-summary-timezone = タイムゾーン
setup-summary-keyboard = キーボード
setup-summary-user = 管理者
setup-summary-hostname = コンピューター名
setup-summary-root = root アカウント
setup-summary-root-locked = ロック (doas で管理)
setup-summary-root-same = 管理者と同じパスワード
nav-finish = セットアップを完了
setup-write-failed = 回答を保存できませんでした: { $error }
keys-setup-summary = Ctrl+Enter: セットアップを完了 · Esc: 戻る
