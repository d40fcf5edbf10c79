## Application
app-title = { $product }-Installationsprogramm
nav-back = Zurück
nav-next = Weiter
nav-install = Jetzt installieren
nav-cancel = Installation abbrechen
nav-save = Antwortdatei speichern
saved-to = Antwortdatei gespeichert unter { $path }
save-failed = Die Antwortdatei konnte nicht gespeichert werden: { $error }
service-unreachable = Der Installationsdienst ist nicht erreichbar: { $error }
service-connecting = Verbindung zum Installationsdienst…

## Pages
page-welcome = Willkommen
page-location = Standort
page-keyboard = Tastatur
page-disk = Festplatte
page-users = Benutzer
page-summary = Zusammenfassung
page-install = Installation
page-done = Fertig

## Welcome
welcome-title = Willkommen bei { $product }
welcome-body = Dieser Assistent installiert { $product } auf diesem Computer. Wählen Sie zunächst Ihre Sprache.
welcome-language = Sprache
req-title = Voraussetzungen
req-ram = Arbeitsspeicher: { $have } (mindestens { $need })
req-disk = Eine Festplatte mit mindestens { $need }
req-firmware = Firmware: { $kind }
req-power-ok = Am Stromnetz angeschlossen
req-power-battery = Akkubetrieb: Schließen Sie vor der Installation das Netzteil an
req-power-unknown = Stromquelle unbekannt
req-met = OK
req-not-met = Nicht erfüllt
req-probing = Dieser Computer wird untersucht…

## Location
location-title = Wo befinden Sie sich?
location-timezone = Zeitzone
location-search = Suchen
location-locale = Sprache und Formate des installierten Systems
location-selected = Ausgewählt: { $value }
location-no-match = Keine Treffer für „{ $query }“

## Keyboard
keyboard-title = Tastaturbelegung
keyboard-layout = Belegung
keyboard-variant = Variante
keyboard-variant-default = Standard
keyboard-try = Hier tippen, um die Tastatur zu testen

## Disk
disk-title = Wohin soll { $product } installiert werden?
disk-choose = Festplatte
disk-erase = Festplatte löschen und { $product } installieren
disk-in-use = in Benutzung (das Live-Medium)
disk-filesystem = Dateisystem
disk-swap = Auslagerung
swap-none = Keine
swap-file = Auslagerungsdatei
swap-partition = Auslagerungspartition
disk-encrypt = System verschlüsseln
disk-encrypt-hint = Diese Passphrase geben Sie bei jedem Start ein, bevor das System lädt, mit der auf der Seite „Tastatur“ gewählten Tastaturbelegung. Eine separate, unverschlüsselte /boot-Partition wird angelegt.
disk-passphrase = Passphrase
disk-passphrase-confirm = Passphrase bestätigen
disk-none = Keine Festplatte gefunden
err-disk-required = Wählen Sie eine Festplatte
err-passphrase-short = Die Passphrase braucht mindestens { $min } Zeichen
err-passphrase-mismatch = Die Passphrasen stimmen nicht überein

## Disk: manual layout
disk-manual = Partitionen selbst wählen (manuell)
manual-help = Wählen Sie, wofür jede Partition verwendet wird. Nicht verwendete Partitionen bleiben unverändert.
manual-no-partitions = Diese Festplatte hat noch keine Partitionen: Legen Sie neue im freien Speicher an.
manual-no-filesystem = kein Dateisystem
manual-new-partition = Neue Partition
manual-size = Größe
manual-size-hint = z. B. 20GiB oder 100%
manual-mount = Einhängepunkt
manual-unused = Nicht verwenden (unverändert lassen)
manual-swap = Auslagerung
manual-format = Formatieren
manual-remove = Entfernen
manual-add = Partition hinzufügen
manual-free = Freier Speicher auf der Festplatte: { $free }
manual-will-erase = Alles auf { $device } wird gelöscht
err-manual-rest-last = Nur die letzte neue Partition kann den Rest (100%) belegen
err-manual-new-unused = Wählen Sie einen Einhängepunkt für die neue Partition
err-manual-mount-twice = { $mount } ist schon der Einhängepunkt einer anderen Partition
err-manual-format-empty = Diese Partition hat kein Dateisystem: Sie muss formatiert werden
err-manual-format-other = Diese Partition enthält { $current }: Formatieren Sie sie, um sie als { $fs } zu verwenden
err-manual-no-root = Wählen Sie eine Partition für / (das System)
err-manual-no-esp = Dieser Computer startet mit UEFI: Wählen Sie eine EFI-Systempartition (vfat) für /boot/efi
err-manual-no-space = Die neuen Partitionen passen nicht in den freien Speicher ({ $free })
err-size-no-unit = Geben Sie eine Einheit an, etwa 512MiB oder 20GiB
err-size-decimal = Verwenden Sie { $binary } statt { $unit }
err-size-not-positive = Die Größe muss größer als null sein
err-size-invalid = Geben Sie eine ganze Zahl mit Einheit (MiB, GiB, TiB) an, oder 100% für den Rest

## Users
users-title = Wer wird diesen Computer benutzen?
users-full-name = Ihr Name
users-name = Benutzername
users-password = Passwort
users-password-confirm = Passwort bestätigen
users-hostname = Computername
users-admin = Dieser Benutzer darf den Computer verwalten (doas)
users-root-same = Dasselbe Passwort für das root-Konto verwenden (sonst bleibt root gesperrt)
strength-weak = Stärke: schwach
strength-fair = Stärke: mittel
strength-strong = Stärke: stark
err-name-invalid = Kleinbuchstaben, Ziffern, „_“ und „-“ verwenden, beginnend mit einem Buchstaben
err-password-empty = Geben Sie ein Passwort ein
err-password-mismatch = Die Passwörter stimmen nicht überein
err-hostname-invalid = Buchstaben, Ziffern und „-“ verwenden, höchstens 63 Zeichen

## Summary
summary-title = Bereit zur Installation
summary-planning = Der Plan wird erstellt…
summary-actions = Was geschehen wird
summary-destructive = Diese Schritte löschen Daten
summary-confirm = Mir ist bewusst, dass die oben genannten Daten gelöscht werden
summary-plan-failed = Die Installation kann nicht beginnen:

## Summary: one line per kind of action of the plan
plan-verify-source = Das Systemabbild { $image } prüfen
plan-verify-source-skip = Das Systemabbild { $image } ohne Prüfung verwenden
plan-wipe-disk = Alle Partitionen und Dateisysteme auf { $disk } löschen
plan-write-partition-table = Eine neue Partitionstabelle auf { $disk } schreiben: { $partitions }
plan-add-partitions = Partitionen zu { $disk } hinzufügen: { $partitions }
plan-format = { $device } als { $fs } formatieren
plan-encrypt = { $device } mit LUKS2 verschlüsseln
plan-unlock = Vorhandenes LUKS-Volume { $device } öffnen
plan-create-subvolumes = Die btrfs-Subvolumes { $subvolumes } anlegen
plan-mount = { $device } unter { $target } einhängen
plan-unpack = Das System kopieren ({ $size })
plan-create-swap-file = Eine Auslagerungsdatei mit { $size } anlegen
plan-write-file = { $path } schreiben
plan-remove-paths = Dateien der Live-Sitzung entfernen: { $paths }
plan-mount-api-filesystems = Das installierte System für Befehle vorbereiten
plan-generate-locales = Die Locales { $locales } erzeugen
plan-set-timezone = Die Zeitzone auf { $zone } setzen
plan-remove-user = Den Live-Benutzer { $name } entfernen
plan-create-group = Die Gruppe { $name } anlegen
plan-create-user = Den Benutzer { $name } anlegen (Gruppen: { $groups })
plan-lock-root = Das root-Konto sperren
plan-set-root-password = Das root-Passwort setzen
plan-enable-service = Den Dienst { $name } aktivieren (Runlevel { $runlevel })
plan-disable-service = Den Dienst { $name } deaktivieren
plan-remove-packages = Die Pakete der Live-Sitzung entfernen
plan-generate-initramfs = Die Initramfs für den Kernel { $kernel } erzeugen
plan-install-bootloader = Den Bootloader GRUB installieren ({ $firmware })
plan-generate-grub-config = Das Bootmenü schreiben
plan-run-hook = Den Hook { $command } ausführen
plan-verify = Prüfen, ob das installierte System starten kann
plan-copy-log = Das Installationsprotokoll unter { $path } speichern
plan-copy-file = { $path } in das installierte System kopieren
plan-unmount-all = Alles aushängen
plan-finish-reboot = Den Computer neu starten
plan-finish-poweroff = Den Computer ausschalten
plan-finish-none = Den Computer eingeschaltet lassen

## Install
install-title = { $product } wird installiert
install-show-log = Details anzeigen
install-hide-log = Details ausblenden
install-cancelling = Wird abgebrochen…
install-bytes = { $done } von { $total } kopiert

## Sizes (binary units; $n is already formatted with size-decimal-separator)
size-decimal-separator = ,
size-b = { $n } B
size-kib = { $n } KiB
size-mib = { $n } MiB
size-gib = { $n } GiB
size-tib = { $n } TiB

## Finished
done-title = Fertig
done-body = { $product } ist installiert. Starten Sie den Computer neu und entfernen Sie das Installationsmedium.
done-restart = Jetzt neu starten
done-stay = In der Live-Sitzung bleiben
failed-title = Die Installation ist fehlgeschlagen
failed-body = Das Installationsprogramm wurde angehalten. Was geschehen ist:
cancelled-title = Die Installation wurde abgebrochen
done-close = Schließen

## Slideshow
slide-1 = { $product } startet mit OpenRC: schnell, einfach und ohne systemd.
slide-2 = Verwalten Sie Ihr System mit doas, einem kleinen, überprüfbaren Ersatz für sudo.
slide-3 = Ihr Desktop funktioniert weiter: Die Protocol-7-Dienste sprechen, was er erwartet.

## Keyboard hints (shortcut names as printed on keyboards in the language)
keys-nav = Eingabe: weiter · Esc oder { $back }: zurück · { $next }: weiter · Tab: nächstes Feld
keys-welcome = ↑ ↓: Sprache wählen
keys-location = ↑ ↓, Bild↑/Bild↓, Pos1/Ende: in der umrahmten Liste bewegen · Tab in ein Suchfeld umrahmt seine Liste
keys-keyboard = ↑ ↓, Bild↑/Bild↓: Belegung · Strg+↑ ↓: Variante
keys-disk = Strg+↑ ↓: Datenträger · Strg+L: löschen, daneben oder manuell · Strg+P: Auslagerung
keys-erase = ↑ ↓: Datenträger · Strg+F: Dateisystem · Strg+E: Verschlüsselung
keys-manual = ↑ ↓: Partition (umrahmt) · M, Umschalt+M: Einhängepunkt · F: Dateisystem · Leertaste: formatieren oder behalten · Entf: neue Partition entfernen · Strg+N: Größe einer neuen Partition
keys-users = Tab: nächstes Feld · Strg+D: Administrator · Strg+R: dasselbe Passwort für root
keys-summary = Leertaste: Bestätigung setzen oder entfernen · Strg+Eingabe: installieren (mit gesetzter Bestätigung) · Strg+S: Antwortdatei speichern
keys-install = Strg+L: Protokoll zeigen oder verbergen
nav-install-key = Strg+Eingabe

## Disk: install alongside, partitions that stay, unlocking LUKS (gui-storage)
disk-alongside = { $product } neben den anderen Systemen im freien Speicherplatz installieren
alongside-no-table = Nicht möglich: Dieser Datenträger hat keine Partitionstabelle, neben der installiert werden könnte
alongside-not-gpt = Nicht möglich: Dieser Datenträger hat eine MBR-Partitionstabelle; die Installation daneben braucht GPT
alongside-too-small = Nicht möglich: Der größte freie Bereich dieses Datenträgers ist { $free } groß; mindestens { $need } werden gebraucht
alongside-free = Die neuen Partitionen kommen in den größten freien Bereich des Datenträgers: { $free }
alongside-stays = Diese Partitionen bleiben, wie sie sind:
alongside-no-partitions = Dieser Datenträger hat keine Partitionen.
manual-unlock = Mit Passphrase entsperren
manual-unlock-hint = Verschlüsselte Partition (LUKS): Sie wird mit dieser Passphrase geöffnet, bevor etwas geschrieben wird; Dateisystem und Formatieren betreffen ihren Inhalt. Das installierte System fragt bei jedem Start danach, mit der auf der Seite „Tastatur“ gewählten Tastaturbelegung.
err-manual-unlock-empty = Geben Sie die Passphrase ein, die diese verschlüsselte Partition öffnet
summary-kept = Diese Partitionen bleiben erhalten
kept-unused = nicht verwendet, nicht verändert
kept-mounted = unter { $mount } eingehängt, Inhalt unverändert
kept-swap = als Auslagerungsspeicher verwendet, nicht formatiert
kept-esp = die EFI-Systempartition: GRUBs Dateien kommen hinzu, sonst ändert sich nichts
kept-bios-boot = BIOS-Boot-Partition: GRUBs Kern-Image wird hineingeschrieben

## Setup mode (first boot of a preloaded computer: lainos-installer --setup)
setup-app-title = { $product }-Einrichtung
setup-welcome-body = Willkommen bei Ihrem neuen Computer. Ein paar Fragen richten ihn für Sie ein. Wählen Sie zuerst Ihre Sprache.
setup-users-admin = Dieser Benutzer verwaltet den Computer (darf doas verwenden).
setup-summary-title = Bereit zur Einrichtung
setup-summary-body = Prüfen Sie Ihre Angaben. „Einrichtung abschließen“ legt Ihr Konto an und bereitet diesen Computer vor; danach können Sie sich anmelden.
setup-summary-locale = Sprache und Formate
setup-summary-timezone = Zeitzone
setup-summary-keyboard = Tastatur
setup-summary-user = Administrator
setup-summary-hostname = Computername
setup-summary-root = Root-Konto
setup-summary-root-locked = Gesperrt (Verwaltung mit doas)
setup-summary-root-same = Dasselbe Passwort wie der Administrator
nav-finish = Einrichtung abschließen
setup-write-failed = Die Angaben konnten nicht gespeichert werden: { $error }
keys-setup-summary = Strg+Eingabe: Einrichtung abschließen · Esc: zurück
