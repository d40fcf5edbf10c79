## Application
app-title = Установщик { $product }
nav-back = Назад
nav-next = Далее
nav-install = Установить
nav-cancel = Отменить установку
nav-save = Сохранить файл ответов
saved-to = Файл ответов сохранён в { $path }
save-failed = Не удалось сохранить файл ответов: { $error }
service-unreachable = Служба установки недоступна: { $error }
service-connecting = Подключение к службе установки…

## Pages
page-welcome = Добро пожаловать
page-location = Местоположение
page-keyboard = Клавиатура
page-disk = Диск
page-users = Пользователи
page-summary = Сводка
page-install = Установка
page-done = Готово

## Welcome
welcome-title = Добро пожаловать в { $product }
welcome-body = Этот помощник установит { $product } на компьютер. Для начала выберите язык.
welcome-language = Язык
req-title = Требования
req-ram = Память: { $have } (не менее { $need })
req-disk = Диск объёмом не менее { $need }
req-firmware = Прошивка: { $kind }
req-power-ok = Питание от сети
req-power-battery = Питание от батареи: подключите зарядное устройство перед установкой
req-power-unknown = Источник питания неизвестен
req-met = OK
req-not-met = Не выполнено
req-probing = Изучаем этот компьютер…

## Location
location-title = Где вы находитесь?
location-timezone = Часовой пояс
location-search = Поиск
location-locale = Язык и форматы установленной системы
location-selected = Выбрано: { $value }
location-no-match = Ничего не найдено по запросу «{ $query }»

## Keyboard
keyboard-title = Раскладка клавиатуры
keyboard-layout = Раскладка
keyboard-variant = Вариант
keyboard-variant-default = По умолчанию
keyboard-try = Наберите здесь текст, чтобы проверить клавиатуру

## Disk
disk-title = Куда установить { $product }?
disk-choose = Диск
disk-erase = Стереть диск и установить { $product }
disk-in-use = используется (живой носитель)
disk-filesystem = Файловая система
disk-swap = Подкачка
swap-none = Нет
swap-file = Файл подкачки
swap-partition = Раздел подкачки
disk-encrypt = Зашифровать систему
disk-encrypt-hint = Эту парольную фразу нужно вводить при каждом запуске, до загрузки системы, в раскладке, выбранной на странице «Клавиатура». Создаётся отдельный незашифрованный раздел /boot.
disk-passphrase = Парольная фраза
disk-passphrase-confirm = Подтвердите парольную фразу
disk-none = Диски не найдены
err-disk-required = Выберите диск
err-passphrase-short = Парольная фраза должна содержать не менее { $min } символов
err-passphrase-mismatch = Парольные фразы не совпадают

## Disk: manual layout
disk-manual = Выбрать разделы вручную
manual-help = Укажите, для чего используется каждый раздел. Неиспользуемые разделы не затрагиваются.
manual-no-partitions = На этом диске ещё нет разделов: добавьте новые в свободном месте.
manual-no-filesystem = нет файловой системы
manual-new-partition = Новый раздел
manual-size = Размер
manual-size-hint = напр. 20GiB или 100%
manual-mount = Точка монтирования
manual-unused = Не использовать (оставить как есть)
manual-swap = Подкачка
manual-format = Форматировать
manual-remove = Удалить
manual-add = Добавить раздел
manual-free = Свободно на диске: { $free }
manual-will-erase = Все данные на { $device } будут стёрты
err-manual-rest-last = Только последний новый раздел может занять остаток (100%)
err-manual-new-unused = Выберите точку монтирования для нового раздела
err-manual-mount-twice = { $mount } уже является точкой монтирования другого раздела
err-manual-format-empty = На этом разделе нет файловой системы: его нужно отформатировать
err-manual-format-other = На этом разделе { $current }: отформатируйте его, чтобы использовать как { $fs }
err-manual-no-root = Выберите раздел для / (системы)
err-manual-no-esp = Этот компьютер загружается через UEFI: выберите системный раздел EFI (vfat) для /boot/efi
err-manual-no-space = Новые разделы не помещаются в свободное место ({ $free })
err-size-no-unit = Укажите единицу, например 512MiB или 20GiB
err-size-decimal = Используйте { $binary } вместо { $unit }
err-size-not-positive = Размер должен быть больше нуля
err-size-invalid = Введите целое число с единицей (MiB, GiB, TiB) или 100% для остатка

## Users
users-title = Кто будет пользоваться компьютером?
users-full-name = Ваше имя
users-name = Имя пользователя
users-password = Пароль
users-password-confirm = Подтвердите пароль
users-hostname = Имя компьютера
users-admin = Этот пользователь может администрировать компьютер (doas)
users-root-same = Использовать тот же пароль для учётной записи root (иначе root остаётся заблокированным)
strength-weak = Надёжность: слабый
strength-fair = Надёжность: средний
strength-strong = Надёжность: надёжный
err-name-invalid = Используйте строчные латинские буквы, цифры, «_» и «-», начиная с буквы
err-password-empty = Введите пароль
err-password-mismatch = Пароли не совпадают
err-hostname-invalid = Используйте буквы, цифры и «-», не более 63 символов

## Summary
summary-title = Всё готово к установке
summary-planning = Составляем план…
summary-actions = Что будет сделано
summary-destructive = Эти действия удалят данные
summary-confirm = Я понимаю, что перечисленные выше данные будут удалены
summary-plan-failed = Установку нельзя начать:

## Summary: one line per kind of action of the plan
plan-verify-source = Проверить образ системы { $image }
plan-verify-source-skip = Использовать образ системы { $image } без проверки
plan-wipe-disk = Стереть все разделы и файловые системы на { $disk }
plan-write-partition-table = Записать новую таблицу разделов на { $disk }: { $partitions }
plan-add-partitions = Добавить разделы на { $disk }: { $partitions }
plan-format = Отформатировать { $device } в { $fs }
plan-encrypt = Зашифровать { $device } (LUKS2)
plan-unlock = Открыть существующий том LUKS { $device }
plan-create-subvolumes = Создать подтома btrfs { $subvolumes }
plan-mount = Смонтировать { $device } в { $target }
plan-unpack = Скопировать систему ({ $size })
plan-create-swap-file = Создать файл подкачки размером { $size }
plan-write-file = Записать { $path }
plan-remove-paths = Удалить файлы live-сессии: { $paths }
plan-mount-api-filesystems = Подготовить установленную систему к выполнению команд
plan-generate-locales = Сгенерировать локали { $locales }
plan-set-timezone = Установить часовой пояс { $zone }
plan-remove-user = Удалить live-пользователя { $name }
plan-create-group = Создать группу { $name }
plan-create-user = Создать пользователя { $name } (группы: { $groups })
plan-lock-root = Заблокировать учётную запись root
plan-set-root-password = Задать пароль root
plan-enable-service = Включить службу { $name } (уровень { $runlevel })
plan-disable-service = Отключить службу { $name }
plan-remove-packages = Удалить пакеты live-сессии
plan-generate-initramfs = Собрать initramfs для ядра { $kernel }
plan-install-bootloader = Установить загрузчик GRUB ({ $firmware })
plan-generate-grub-config = Записать меню загрузки
plan-run-hook = Выполнить хук { $command }
plan-verify = Проверить, что установленная система может загрузиться
plan-copy-log = Сохранить журнал установки в { $path }
plan-copy-file = Скопировать { $path } в установленную систему
plan-unmount-all = Отмонтировать всё
plan-finish-reboot = Перезагрузить компьютер
plan-finish-poweroff = Выключить компьютер
plan-finish-none = Оставить компьютер включённым

## Install
install-title = Установка { $product }
install-show-log = Показать подробности
install-hide-log = Скрыть подробности
install-cancelling = Отмена…
install-bytes = Скопировано { $done } из { $total }

## Sizes (binary units; $n is already formatted with size-decimal-separator)
size-decimal-separator = ,
size-b = { $n } Б
size-kib = { $n } КиБ
size-mib = { $n } МиБ
size-gib = { $n } ГиБ
size-tib = { $n } ТиБ

## Finished
done-title = Готово
done-body = { $product } установлен. Перезагрузите компьютер и извлеките установочный носитель.
done-restart = Перезагрузить
done-stay = Остаться в живой сессии
failed-title = Установка не удалась
failed-body = Установщик остановился. Что произошло:
cancelled-title = Установка отменена
done-close = Закрыть

## Slideshow
slide-1 = { $product } загружается с OpenRC: быстро, просто и без systemd.
slide-2 = Управляйте системой с помощью doas — небольшой и проверяемой замены sudo.
slide-3 = Рабочий стол продолжает работать: демоны Protocol 7 говорят на понятном ему языке.

## Keyboard hints (shortcut names as printed on keyboards in the language)
keys-nav = Enter: далее · Esc или { $back }: назад · { $next }: далее · Tab: следующее поле
keys-welcome = ↑ ↓: выбор языка
keys-location = ↑ ↓, Page Up/Down, Home/End: перемещение по выделенному списку · Tab в поле поиска выделяет его список
keys-keyboard = ↑ ↓, Page Up/Down: раскладка · Ctrl+↑ ↓: вариант
keys-disk = Ctrl+↑ ↓: диск · Ctrl+L: стереть, рядом или вручную · Ctrl+P: подкачка
keys-erase = ↑ ↓: диск · Ctrl+F: файловая система · Ctrl+E: шифрование
keys-manual = ↑ ↓: раздел (выделен рамкой) · M, Shift+M: точка монтирования · F: файловая система · Пробел: форматировать или сохранить · Delete: удалить новый раздел · Ctrl+N: размер нового раздела
keys-users = Tab: следующее поле · Ctrl+D: администратор · Ctrl+R: тот же пароль для root
keys-summary = Пробел: поставить или снять подтверждение · Ctrl+Enter: установить (при поставленном подтверждении) · Ctrl+S: сохранить файл ответов
keys-install = Ctrl+L: показать или скрыть журнал
nav-install-key = Ctrl+Enter

## Disk: install alongside, partitions that stay, unlocking LUKS (gui-storage)
disk-alongside = Установить { $product } рядом с другими системами, в свободное место
alongside-no-table = Недоступно: на этом диске нет таблицы разделов, рядом устанавливать не с чем
alongside-not-gpt = Недоступно: на этом диске таблица разделов MBR; для установки рядом нужна GPT
alongside-too-small = Недоступно: самая большая свободная область этого диска — { $free }; нужно не меньше { $need }
alongside-free = Новые разделы займут самую большую свободную область диска: { $free }
alongside-stays = Эти разделы останутся как есть:
alongside-no-partitions = На этом диске нет разделов.
manual-unlock = Открыть парольной фразой
manual-unlock-hint = Зашифрованный раздел (LUKS): он открывается этой парольной фразой до любой записи; файловая система и форматирование относятся к его содержимому. Установленная система спрашивает её при каждом запуске, в раскладке, выбранной на странице «Клавиатура».
err-manual-unlock-empty = Введите парольную фразу, открывающую этот зашифрованный раздел
summary-kept = Эти разделы сохраняются
kept-unused = не используется, не затрагивается
kept-mounted = монтируется в { $mount }, содержимое не затрагивается
kept-swap = используется как подкачка, не форматируется
kept-esp = системный раздел EFI: добавляются файлы GRUB, больше ничего не меняется
kept-bios-boot = загрузочный раздел BIOS: в него записывается основной образ GRUB

## Setup mode (first boot of a preloaded computer: lainos-installer --setup)
setup-app-title = Настройка { $product }
setup-welcome-body = Добро пожаловать на новый компьютер. Несколько вопросов — и он готов к работе. Сначала выберите язык.
setup-users-admin = Этот пользователь администрирует компьютер (может использовать doas).
setup-summary-title = Всё готово к настройке
setup-summary-body = Проверьте ответы. «Завершить настройку» создаст вашу учётную запись и подготовит компьютер; после этого можно войти в систему.
setup-summary-locale = Язык и форматы
setup-summary-timezone = Часовой пояс
setup-summary-keyboard = Клавиатура
setup-summary-user = Администратор
setup-summary-hostname = Имя компьютера
setup-summary-root = Учётная запись root
setup-summary-root-locked = Заблокирована (администрирование через doas)
setup-summary-root-same = Тот же пароль, что у администратора
nav-finish = Завершить настройку
setup-write-failed = Не удалось сохранить ответы: { $error }
keys-setup-summary = Ctrl+Enter: завершить настройку · Esc: назад
