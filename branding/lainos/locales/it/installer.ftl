## Application
app-title = Installazione di { $product }
nav-back = Indietro
nav-next = Avanti
nav-install = Installa ora
nav-cancel = Annulla l’installazione
nav-save = Salva il file di risposte
saved-to = File di risposte salvato in { $path }
save-failed = Impossibile salvare il file di risposte: { $error }
service-unreachable = Il servizio di installazione non è disponibile: { $error }
service-connecting = Connessione al servizio di installazione…

## Pages
page-welcome = Benvenuto
page-location = Posizione
page-keyboard = Tastiera
page-disk = Disco
page-users = Utenti
page-summary = Riepilogo
page-install = Installazione
page-done = Fine

## Welcome
welcome-title = Benvenuto in { $product }
welcome-body = Questa procedura installa { $product } su questo computer. Scegli la tua lingua per iniziare.
welcome-language = Lingua
req-title = Requisiti
req-ram = Memoria: { $have } (almeno { $need })
req-disk = Un disco di almeno { $need }
req-firmware = Firmware: { $kind }
req-power-ok = Collegato alla corrente
req-power-battery = Alimentazione a batteria: collega il caricatore prima di installare
req-power-unknown = Fonte di alimentazione sconosciuta
req-met = OK
req-not-met = Non soddisfatto
req-probing = Analisi di questo computer…

## Location
location-title = Dove ti trovi?
location-timezone = Fuso orario
location-search = Cerca
location-locale = Lingua e formati del sistema installato
location-selected = Selezionato: { $value }
location-no-match = Nessun risultato per «{ $query }»

## Keyboard
keyboard-title = Disposizione della tastiera
keyboard-layout = Disposizione
keyboard-variant = Variante
keyboard-variant-default = Predefinita
keyboard-try = Scrivi qui per provare la tastiera

## Disk
disk-title = Dove installare { $product }?
disk-choose = Disco
disk-erase = Cancella il disco e installa { $product }
disk-in-use = in uso (il supporto live)
disk-filesystem = File system
disk-swap = Swap
swap-none = Nessuno
swap-file = File di swap
swap-partition = Partizione di swap
disk-encrypt = Cifra il sistema
disk-encrypt-hint = Digiterai questa passphrase a ogni avvio, prima che il sistema si carichi, con il layout scelto nella pagina Tastiera. Viene creata una partizione /boot separata non cifrata.
disk-passphrase = Frase segreta
disk-passphrase-confirm = Conferma la frase segreta
disk-none = Nessun disco trovato
err-disk-required = Scegli un disco
err-passphrase-short = La frase segreta deve avere almeno { $min } caratteri
err-passphrase-mismatch = Le frasi segrete non coincidono

## Disk: manual layout
disk-manual = Scegli tu le partizioni (manuale)
manual-help = Scegli a cosa serve ogni partizione. Le partizioni non usate restano intatte.
manual-no-partitions = Questo disco non ha ancora partizioni: aggiungine di nuove nello spazio libero.
manual-no-filesystem = nessun file system
manual-new-partition = Nuova partizione
manual-size = Dimensione
manual-size-hint = es. 20GiB o 100%
manual-mount = Punto di montaggio
manual-unused = Non usata (lasciala com’è)
manual-swap = Swap
manual-format = Formatta
manual-remove = Rimuovi
manual-add = Aggiungi una partizione
manual-free = Spazio libero sul disco: { $free }
manual-will-erase = Tutto il contenuto di { $device } sarà cancellato
err-manual-rest-last = Solo l’ultima nuova partizione può occupare il resto (100%)
err-manual-new-unused = Scegli un punto di montaggio per la nuova partizione
err-manual-mount-twice = { $mount } è già il punto di montaggio di un’altra partizione
err-manual-format-empty = Questa partizione non ha un file system: deve essere formattata
err-manual-format-other = Questa partizione contiene { $current }: formattala per usarla come { $fs }
err-manual-no-root = Scegli una partizione per / (il sistema)
err-manual-no-esp = Questo computer si avvia con UEFI: scegli una partizione di sistema EFI (vfat) per /boot/efi
err-manual-no-space = Le nuove partizioni non entrano nello spazio libero ({ $free })
err-size-no-unit = Aggiungi un’unità, come 512MiB o 20GiB
err-size-decimal = Usa { $binary } invece di { $unit }
err-size-not-positive = La dimensione deve essere maggiore di zero
err-size-invalid = Scrivi un numero intero con un’unità (MiB, GiB, TiB), o 100% per il resto

## Users
users-title = Chi userà questo computer?
users-full-name = Il tuo nome
users-name = Nome utente
users-password = Password
users-password-confirm = Conferma la password
users-hostname = Nome del computer
users-admin = Questo utente può amministrare il computer (doas)
users-root-same = Usa la stessa password per l’account root (altrimenti root resta bloccato)
strength-weak = Robustezza: debole
strength-fair = Robustezza: discreta
strength-strong = Robustezza: forte
err-name-invalid = Usa lettere minuscole, cifre, «_» e «-», iniziando con una lettera
err-password-empty = Inserisci una password
err-password-mismatch = Le password non coincidono
err-hostname-invalid = Usa lettere, cifre e «-», al massimo 63 caratteri

## Summary
summary-title = Pronto per l’installazione
summary-planning = Preparazione del piano…
summary-actions = Cosa succederà
summary-destructive = Queste azioni cancellano dati
summary-confirm = Ho capito che i dati elencati sopra verranno cancellati
summary-plan-failed = L’installazione non può iniziare:

## Summary: one line per kind of action of the plan
plan-verify-source = Verificare l’immagine di sistema { $image }
plan-verify-source-skip = Usare l’immagine di sistema { $image } senza verificarla
plan-wipe-disk = Cancellare tutte le partizioni e i file system di { $disk }
plan-write-partition-table = Scrivere una nuova tabella delle partizioni su { $disk }: { $partitions }
plan-add-partitions = Aggiungere partizioni a { $disk }: { $partitions }
plan-format = Formattare { $device } come { $fs }
plan-encrypt = Cifrare { $device } con LUKS2
plan-unlock = Aprire il volume LUKS esistente { $device }
plan-create-subvolumes = Creare i sottovolumi btrfs { $subvolumes }
plan-mount = Montare { $device } su { $target }
plan-unpack = Copiare il sistema ({ $size })
plan-create-swap-file = Creare un file di swap da { $size }
plan-write-file = Scrivere { $path }
plan-remove-paths = Rimuovere i file della sessione live: { $paths }
plan-mount-api-filesystems = Preparare il sistema installato per eseguire comandi
plan-generate-locales = Generare le localizzazioni { $locales }
plan-set-timezone = Impostare il fuso orario { $zone }
plan-remove-user = Rimuovere l’utente live { $name }
plan-create-group = Creare il gruppo { $name }
plan-create-user = Creare l’utente { $name } (gruppi: { $groups })
plan-lock-root = Bloccare l’account root
plan-set-root-password = Impostare la password di root
plan-enable-service = Attivare il servizio { $name } (runlevel { $runlevel })
plan-disable-service = Disattivare il servizio { $name }
plan-remove-packages = Rimuovere i pacchetti della sessione live
plan-generate-initramfs = Generare l’initramfs per il kernel { $kernel }
plan-install-bootloader = Installare il boot loader GRUB ({ $firmware })
plan-generate-grub-config = Scrivere il menu di avvio
plan-run-hook = Eseguire l’hook { $command }
plan-verify = Verificare che il sistema installato possa avviarsi
plan-copy-log = Salvare il registro di installazione in { $path }
plan-copy-file = Copiare { $path } nel sistema installato
plan-unmount-all = Smontare tutto
plan-finish-reboot = Riavviare il computer
plan-finish-poweroff = Spegnere il computer
plan-finish-none = Lasciare il computer acceso

## Install
install-title = Installazione di { $product } in corso
install-show-log = Mostra i dettagli
install-hide-log = Nascondi i dettagli
install-cancelling = Annullamento…
install-bytes = { $done } di { $total } copiati

## Sizes (binary units; $n is already formatted with size-decimal-separator)
size-decimal-separator = ,
size-b = { $n } B
size-kib = { $n } KiB
size-mib = { $n } MiB
size-gib = { $n } GiB
size-tib = { $n } TiB

## Finished
done-title = Tutto pronto
done-body = { $product } è installato. Riavvia il computer e rimuovi il supporto di installazione.
done-restart = Riavvia ora
done-stay = Resta nella sessione live
failed-title = L’installazione non è riuscita
failed-body = Il programma di installazione si è fermato. Cosa è successo:
cancelled-title = L’installazione è stata annullata
done-close = Chiudi

## Slideshow
slide-1 = { $product } si avvia con OpenRC: veloce, semplice e senza systemd.
slide-2 = Amministra il sistema con doas, un sostituto di sudo piccolo e verificabile.
slide-3 = Il tuo desktop continua a funzionare: i demoni Protocol 7 parlano la sua lingua.

## Keyboard hints (shortcut names as printed on keyboards in the language)
keys-nav = Invio: avanti · Esc o { $back }: indietro · { $next }: avanti · Tab: campo successivo
keys-welcome = ↑ ↓: scegliere la lingua
keys-location = ↑ ↓, PagSu/PagGiù, Home/Fine: muoversi nell’elenco incorniciato · Tab su un campo di ricerca incornicia il suo elenco
keys-keyboard = ↑ ↓, PagSu/PagGiù: layout · Ctrl+↑ ↓: variante
keys-disk = Ctrl+↑ ↓: disco · Ctrl+L: cancella, affianca o manuale · Ctrl+P: swap
keys-erase = ↑ ↓: disco · Ctrl+F: file system · Ctrl+E: cifratura
keys-manual = ↑ ↓: partizione (incorniciata) · M, Maiusc+M: punto di montaggio · F: file system · Spazio: formattare o mantenere · Canc: rimuovere una nuova partizione · Ctrl+N: dimensione di una nuova partizione
keys-users = Tab: campo successivo · Ctrl+D: amministratore · Ctrl+R: stessa password per root
keys-summary = Spazio: spuntare o togliere la conferma · Ctrl+Invio: installare (con la conferma spuntata) · Ctrl+S: salvare il file di risposte
keys-install = Ctrl+L: mostrare o nascondere il registro
nav-install-key = Ctrl+Invio

## Disk: install alongside, partitions that stay, unlocking LUKS (gui-storage)
disk-alongside = Installa { $product } accanto agli altri sistemi, nello spazio libero
alongside-no-table = Non disponibile: questo disco non ha una tabella delle partizioni, non c'è nulla accanto a cui installare
alongside-not-gpt = Non disponibile: questo disco ha una tabella delle partizioni MBR; l'installazione affiancata richiede GPT
alongside-too-small = Non disponibile: lo spazio libero più grande di questo disco è { $free }; ne servono almeno { $need }
alongside-free = Le nuove partizioni vanno nello spazio libero più grande del disco: { $free }
alongside-stays = Queste partizioni restano come sono:
alongside-no-partitions = Questo disco non ha partizioni.
manual-unlock = Sblocca con passphrase
manual-unlock-hint = Partizione cifrata (LUKS): viene aperta con questa passphrase prima di scrivere qualsiasi cosa; file system e formattazione riguardano il suo contenuto. Il sistema installato la chiede a ogni avvio, con il layout scelto nella pagina Tastiera.
err-manual-unlock-empty = Digita la passphrase che apre questa partizione cifrata
summary-kept = Queste partizioni restano
kept-unused = non usata, non toccata
kept-mounted = montata su { $mount }, contenuto intatto
kept-swap = usata come swap, non formattata
kept-esp = la partizione di sistema EFI: vengono aggiunti i file di GRUB, nient'altro cambia
kept-bios-boot = partizione di avvio BIOS: vi viene scritta l'immagine principale di GRUB

## Setup mode (first boot of a preloaded computer: lainos-installer --setup)
setup-app-title = Configurazione di { $product }
setup-welcome-body = Benvenuto nel tuo nuovo computer. Poche domande bastano per prepararlo. Scegli prima la tua lingua.
setup-users-admin = Questo utente amministra il computer (può usare doas).
setup-summary-title = Pronto per la configurazione
setup-summary-body = Controlla le risposte. «Completa la configurazione» crea il tuo account e prepara questo computer; poi potrai accedere.
setup-summary-locale = Lingua e formati
setup-summary-timezone = Fuso orario
setup-summary-keyboard = Tastiera
setup-summary-user = Amministratore
setup-summary-hostname = Nome del computer
setup-summary-root = Account root
setup-summary-root-locked = Bloccato (amministrazione con doas)
setup-summary-root-same = Stessa password dell’amministratore
nav-finish = Completa la configurazione
setup-write-failed = Impossibile salvare le risposte: { $error }
keys-setup-summary = Ctrl+Invio: completare la configurazione · Esc: indietro
