## Application
app-title = Instalator { $product }
nav-back = Wstecz
nav-next = Dalej
nav-install = Zainstaluj teraz
nav-cancel = Anuluj instalację
nav-save = Zapisz plik odpowiedzi
saved-to = Plik odpowiedzi zapisano w { $path }
save-failed = Nie udało się zapisać pliku odpowiedzi: { $error }
service-unreachable = Usługa instalatora jest niedostępna: { $error }
service-connecting = Łączenie z usługą instalatora…

## Pages
page-welcome = Witamy
page-location = Lokalizacja
page-keyboard = Klawiatura
page-disk = Dysk
page-users = Użytkownicy
page-summary = Podsumowanie
page-install = Instalacja
page-done = Zakończono

## Welcome
welcome-title = Witamy w systemie { $product }
welcome-body = Ten asystent zainstaluje system { $product } na tym komputerze. Aby rozpocząć, wybierz język.
welcome-language = Język
req-title = Wymagania
req-ram = Pamięć: { $have } (co najmniej { $need })
req-disk = Dysk o pojemności co najmniej { $need }
req-firmware = Oprogramowanie układowe: { $kind }
req-power-ok = Podłączono do zasilania
req-power-battery = Praca na baterii: przed instalacją podłącz ładowarkę
req-power-unknown = Nieznane źródło zasilania
req-met = OK
req-not-met = Niespełnione
req-probing = Sprawdzanie tego komputera…

## Location
location-title = Gdzie jesteś?
location-timezone = Strefa czasowa
location-search = Szukaj
location-locale = Język i formaty zainstalowanego systemu
location-selected = Wybrano: { $value }
location-no-match = Brak wyników dla „{ $query }”

## Keyboard
keyboard-title = Układ klawiatury
keyboard-layout = Układ
keyboard-variant = Wariant
keyboard-variant-default = Domyślny
keyboard-try = Pisz tutaj, aby wypróbować klawiaturę

## Disk
disk-title = Gdzie zainstalować system { $product }?
disk-choose = Dysk
disk-erase = Wymaż dysk i zainstaluj system { $product }
disk-in-use = w użyciu (nośnik live)
disk-filesystem = System plików
disk-swap = Przestrzeń wymiany
swap-none = Brak
swap-file = Plik wymiany
swap-partition = Partycja wymiany
disk-encrypt = Zaszyfruj system
disk-encrypt-hint = Frazę tę wpisuje się przy każdym uruchomieniu, zanim system się załaduje, w układzie wybranym na stronie Klawiatura. Tworzona jest osobna, niezaszyfrowana partycja /boot.
disk-passphrase = Hasło szyfrowania
disk-passphrase-confirm = Potwierdź hasło szyfrowania
disk-none = Nie znaleziono żadnego dysku
err-disk-required = Wybierz dysk
err-passphrase-short = Hasło szyfrowania musi mieć co najmniej { $min } znaków
err-passphrase-mismatch = Hasła szyfrowania nie są zgodne

## Disk: manual layout
disk-manual = Wybiorę partycje sam (ręcznie)
manual-help = Wybierz, do czego służy każda partycja. Nieużywane partycje pozostaną nietknięte.
manual-no-partitions = Ten dysk nie ma jeszcze partycji: dodaj nowe w wolnym miejscu.
manual-no-filesystem = brak systemu plików
manual-new-partition = Nowa partycja
manual-size = Rozmiar
manual-size-hint = np. 20GiB lub 100%
manual-mount = Punkt montowania
manual-unused = Nieużywana (pozostaw bez zmian)
manual-swap = Swap
manual-format = Formatuj
manual-remove = Usuń
manual-add = Dodaj partycję
manual-free = Wolne miejsce na dysku: { $free }
manual-will-erase = Wszystko na { $device } zostanie usunięte
err-manual-rest-last = Tylko ostatnia nowa partycja może zająć resztę (100%)
err-manual-new-unused = Wybierz punkt montowania dla nowej partycji
err-manual-mount-twice = { $mount } jest już punktem montowania innej partycji
err-manual-format-empty = Ta partycja nie ma systemu plików: trzeba ją sformatować
err-manual-format-other = Ta partycja zawiera { $current }: sformatuj ją, aby użyć jej jako { $fs }
err-manual-no-root = Wybierz partycję dla / (systemu)
err-manual-no-esp = Ten komputer uruchamia się w trybie UEFI: wybierz partycję systemową EFI (vfat) dla /boot/efi
err-manual-no-space = Nowe partycje nie mieszczą się w wolnym miejscu ({ $free })
err-size-no-unit = Dodaj jednostkę, np. 512MiB lub 20GiB
err-size-decimal = Użyj { $binary } zamiast { $unit }
err-size-not-positive = Rozmiar musi być większy od zera
err-size-invalid = Wpisz liczbę całkowitą z jednostką (MiB, GiB, TiB) lub 100% na resztę

## Users
users-title = Kto będzie używać tego komputera?
users-full-name = Imię i nazwisko
users-name = Nazwa użytkownika
users-password = Hasło
users-password-confirm = Potwierdź hasło
users-hostname = Nazwa komputera
users-admin = Ten użytkownik może administrować komputerem (doas)
users-root-same = Użyj tego samego hasła dla konta root (w przeciwnym razie root pozostaje zablokowany)
strength-weak = Hasło: słabe
strength-fair = Hasło: średnie
strength-strong = Hasło: silne
err-name-invalid = Użyj małych liter, cyfr, „_” i „-”; nazwa musi zaczynać się od litery
err-password-empty = Wpisz hasło
err-password-mismatch = Hasła nie są zgodne
err-hostname-invalid = Użyj liter, cyfr i „-”, maksymalnie 63 znaki

## Summary
summary-title = Gotowe do instalacji
summary-planning = Przygotowywanie planu…
summary-actions = Co zostanie wykonane
summary-destructive = Te operacje usuną dane
summary-confirm = Rozumiem, że wymienione powyżej dane zostaną usunięte
summary-plan-failed = Nie można rozpocząć instalacji:

## Summary: one line per kind of action of the plan
plan-verify-source = Sprawdź obraz systemu { $image }
plan-verify-source-skip = Użyj obrazu systemu { $image } bez sprawdzania
plan-wipe-disk = Usuń wszystkie partycje i systemy plików z { $disk }
plan-write-partition-table = Zapisz nową tablicę partycji na { $disk }: { $partitions }
plan-add-partitions = Dodaj partycje do { $disk }: { $partitions }
plan-format = Sformatuj { $device } jako { $fs }
plan-encrypt = Zaszyfruj { $device } (LUKS2)
plan-unlock = Otwórz istniejący wolumin LUKS { $device }
plan-create-subvolumes = Utwórz podwoluminy btrfs { $subvolumes }
plan-mount = Zamontuj { $device } w { $target }
plan-unpack = Skopiuj system ({ $size })
plan-create-swap-file = Utwórz plik wymiany o rozmiarze { $size }
plan-write-file = Zapisz { $path }
plan-remove-paths = Usuń pliki sesji live: { $paths }
plan-mount-api-filesystems = Przygotuj zainstalowany system do uruchamiania poleceń
plan-generate-locales = Wygeneruj ustawienia regionalne { $locales }
plan-set-timezone = Ustaw strefę czasową { $zone }
plan-remove-user = Usuń użytkownika live { $name }
plan-create-group = Utwórz grupę { $name }
plan-create-user = Utwórz użytkownika { $name } (grupy: { $groups })
plan-lock-root = Zablokuj konto root
plan-set-root-password = Ustaw hasło roota
plan-enable-service = Włącz usługę { $name } (poziom { $runlevel })
plan-disable-service = Wyłącz usługę { $name }
plan-remove-packages = Usuń pakiety sesji live
plan-generate-initramfs = Zbuduj initramfs dla jądra { $kernel }
plan-install-bootloader = Zainstaluj program rozruchowy GRUB ({ $firmware })
plan-generate-grub-config = Zapisz menu rozruchowe
plan-run-hook = Uruchom hook { $command }
plan-verify = Sprawdź, czy zainstalowany system może się uruchomić
plan-copy-log = Zapisz dziennik instalacji w { $path }
plan-copy-file = Skopiuj { $path } do zainstalowanego systemu
plan-unmount-all = Odmontuj wszystko
plan-finish-reboot = Uruchom ponownie komputer
plan-finish-poweroff = Wyłącz komputer
plan-finish-none = Pozostaw komputer włączony

## Install
install-title = Instalowanie systemu { $product }
install-show-log = Pokaż szczegóły
install-hide-log = Ukryj szczegóły
install-cancelling = Anulowanie…
install-bytes = Skopiowano { $done } z { $total }

## Sizes (binary units; $n is already formatted with size-decimal-separator)
size-decimal-separator = ,
size-b = { $n } B
size-kib = { $n } KiB
size-mib = { $n } MiB
size-gib = { $n } GiB
size-tib = { $n } TiB

## Finished
done-title = Gotowe
done-body = System { $product } został zainstalowany. Uruchom ponownie komputer i wyjmij nośnik instalacyjny.
done-restart = Uruchom ponownie teraz
done-stay = Pozostań w sesji live
failed-title = Instalacja nie powiodła się
failed-body = Instalator przerwał pracę. Co się stało:
cancelled-title = Instalacja została anulowana
done-close = Zamknij

## Slideshow
slide-1 = System { $product } uruchamia się z OpenRC: szybko, prosto i bez systemd.
slide-2 = Administruj systemem za pomocą doas, małego i łatwego do audytu zamiennika sudo.
slide-3 = Twój pulpit działa jak dawniej: demony Protocol 7 mówią językiem, którego oczekuje.

## Keyboard hints (shortcut names as printed on keyboards in the language)
keys-nav = Enter: dalej · Esc lub { $back }: wstecz · { $next }: dalej · Tab: następne pole
keys-welcome = ↑ ↓: wybór języka
keys-location = ↑ ↓, Page Up/Down, Home/End: ruch po obramowanej liście · Tab do pola wyszukiwania obramowuje jego listę
keys-keyboard = ↑ ↓, Page Up/Down: układ · Ctrl+↑ ↓: wariant
keys-disk = Ctrl+↑ ↓: dysk · Ctrl+L: wymaż, obok lub ręcznie · Ctrl+P: swap
keys-erase = ↑ ↓: dysk · Ctrl+F: system plików · Ctrl+E: szyfrowanie
keys-manual = ↑ ↓: partycja (obramowana) · M, Shift+M: punkt montowania · F: system plików · Spacja: formatuj lub zachowaj · Delete: usuń nową partycję · Ctrl+N: rozmiar nowej partycji
keys-users = Tab: następne pole · Ctrl+D: administrator · Ctrl+R: to samo hasło dla roota
keys-summary = Spacja: zaznacz lub odznacz potwierdzenie · Ctrl+Enter: instaluj (przy zaznaczonym potwierdzeniu) · Ctrl+S: zapisz plik odpowiedzi
keys-install = Ctrl+L: pokaż lub ukryj dziennik
nav-install-key = Ctrl+Enter

## Disk: install alongside, partitions that stay, unlocking LUKS (gui-storage)
disk-alongside = Zainstaluj { $product } obok innych systemów, w wolnym miejscu
alongside-no-table = Niedostępne: ten dysk nie ma tablicy partycji, więc nie ma obok czego instalować
alongside-not-gpt = Niedostępne: ten dysk ma tablicę partycji MBR; instalacja obok wymaga GPT
alongside-too-small = Niedostępne: największy wolny obszar tego dysku ma { $free }; potrzeba co najmniej { $need }
alongside-free = Nowe partycje trafią do największego wolnego obszaru dysku: { $free }
alongside-stays = Te partycje pozostaną bez zmian:
alongside-no-partitions = Ten dysk nie ma partycji.
manual-unlock = Odblokuj frazą
manual-unlock-hint = Partycja zaszyfrowana (LUKS): zostanie otwarta tą frazą, zanim cokolwiek zostanie zapisane; system plików i formatowanie dotyczą jej zawartości. Zainstalowany system pyta o nią przy każdym uruchomieniu, w układzie wybranym na stronie Klawiatura.
err-manual-unlock-empty = Wpisz frazę, która otwiera tę zaszyfrowaną partycję
summary-kept = Te partycje pozostają
kept-unused = nieużywana, nietknięta
kept-mounted = zamontowana w { $mount }, zawartość nietknięta
kept-swap = używana jako swap, niesformatowana
kept-esp = partycja systemowa EFI: dochodzą pliki GRUB-a, nic więcej się nie zmienia
kept-bios-boot = partycja rozruchowa BIOS: zapisywany jest w niej główny obraz GRUB-a

## Setup mode (first boot of a preloaded computer: lainos-installer --setup)
setup-app-title = Konfiguracja { $product }
setup-welcome-body = Witamy w nowym komputerze. Kilka pytań wystarczy, by go przygotować. Najpierw wybierz język.
setup-users-admin = Ten użytkownik administruje komputerem (może używać doas).
setup-summary-title = Gotowe do konfiguracji
setup-summary-body = Sprawdź odpowiedzi. „Zakończ konfigurację” tworzy Twoje konto i przygotowuje ten komputer; potem możesz się zalogować.
setup-summary-locale = Język i formaty
setup-summary-timezone = Strefa czasowa
setup-summary-keyboard = Klawiatura
setup-summary-user = Administrator
setup-summary-hostname = Nazwa komputera
setup-summary-root = Konto root
setup-summary-root-locked = Zablokowane (administracja przez doas)
setup-summary-root-same = To samo hasło co administrator
nav-finish = Zakończ konfigurację
setup-write-failed = Nie udało się zapisać odpowiedzi: { $error }
keys-setup-summary = Ctrl+Enter: zakończ konfigurację · Esc: wstecz
