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
disk-passphrase = Passphrase
disk-passphrase-confirm = Passphrase bestätigen
disk-none = Keine Festplatte gefunden
err-disk-required = Wählen Sie eine Festplatte
err-passphrase-short = Die Passphrase braucht mindestens { $min } Zeichen
err-passphrase-mismatch = Die Passphrasen stimmen nicht überein

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
