## Application
app-title = Installation de { $product }
nav-back = Précédent
nav-next = Suivant
nav-install = Installer maintenant
nav-cancel = Annuler l’installation
nav-save = Enregistrer le fichier de réponses
saved-to = Fichier de réponses enregistré dans { $path }
save-failed = Impossible d’enregistrer le fichier de réponses : { $error }
service-unreachable = Le service d’installation n’est pas disponible : { $error }
service-connecting = Connexion au service d’installation…

## Pages
page-welcome = Bienvenue
page-location = Lieu
page-keyboard = Clavier
page-disk = Disque
page-users = Utilisateurs
page-summary = Résumé
page-install = Installation
page-done = Terminé

## Welcome
welcome-title = Bienvenue dans { $product }
welcome-body = Cet assistant installe { $product } sur cet ordinateur. Choisissez votre langue pour commencer.
welcome-language = Langue
req-title = Configuration requise
req-ram = Mémoire : { $have } (au moins { $need })
req-disk = Un disque d’au moins { $need }
req-firmware = Micrologiciel : { $kind }
req-power-ok = Branché sur le secteur
req-power-battery = Sur batterie : branchez le chargeur avant d’installer
req-power-unknown = Source d’alimentation inconnue
req-met = OK
req-not-met = Non satisfait
req-probing = Examen de cet ordinateur…

## Location
location-title = Où êtes-vous ?
location-timezone = Fuseau horaire
location-search = Rechercher
location-locale = Langue et formats du système installé
location-selected = Sélection : { $value }
location-no-match = Aucun résultat pour « { $query } »

## Keyboard
keyboard-title = Disposition du clavier
keyboard-layout = Disposition
keyboard-variant = Variante
keyboard-variant-default = Par défaut
keyboard-try = Tapez ici pour essayer votre clavier

## Disk
disk-title = Où installer { $product } ?
disk-choose = Disque
disk-erase = Effacer le disque et installer { $product }
disk-in-use = utilisé (le support live)
disk-filesystem = Système de fichiers
disk-swap = Mémoire d’échange
swap-none = Aucune
swap-file = Fichier d’échange
swap-partition = Partition d’échange
disk-encrypt = Chiffrer le système
disk-encrypt-hint = Vous taperez cette phrase secrète à chaque démarrage, avant le chargement du système, avec la disposition choisie sur la page Clavier. Une partition /boot séparée et non chiffrée est créée.
disk-passphrase = Phrase secrète
disk-passphrase-confirm = Confirmer la phrase secrète
disk-none = Aucun disque trouvé
err-disk-required = Choisissez un disque
err-passphrase-short = La phrase secrète doit compter au moins { $min } caractères
err-passphrase-mismatch = Les phrases secrètes ne correspondent pas

## Disk: manual layout
disk-manual = Choisir moi-même les partitions (manuel)
manual-help = Choisissez l’usage de chaque partition. Les partitions non utilisées restent intactes.
manual-no-partitions = Ce disque n’a pas encore de partition : ajoutez-en dans son espace libre.
manual-no-filesystem = aucun système de fichiers
manual-new-partition = Nouvelle partition
manual-size = Taille
manual-size-hint = p. ex. 20GiB ou 100%
manual-mount = Point de montage
manual-unused = Non utilisée (laisser telle quelle)
manual-swap = Swap
manual-format = Formater
manual-remove = Retirer
manual-add = Ajouter une partition
manual-free = Espace libre sur le disque : { $free }
manual-will-erase = Tout le contenu de { $device } sera effacé
err-manual-rest-last = Seule la dernière nouvelle partition peut prendre le reste (100%)
err-manual-new-unused = Choisissez un point de montage pour la nouvelle partition
err-manual-mount-twice = { $mount } est déjà le point de montage d’une autre partition
err-manual-format-empty = Cette partition n’a pas de système de fichiers : elle doit être formatée
err-manual-format-other = Cette partition contient { $current } : formatez-la pour l’utiliser en { $fs }
err-manual-no-root = Choisissez une partition pour / (le système)
err-manual-no-esp = Cet ordinateur démarre en UEFI : choisissez une partition système EFI (vfat) pour /boot/efi
err-manual-no-space = Les nouvelles partitions ne tiennent pas dans l’espace libre ({ $free })
err-size-no-unit = Ajoutez une unité, par exemple 512MiB ou 20GiB
err-size-decimal = Utilisez { $binary } au lieu de { $unit }
err-size-not-positive = La taille doit être supérieure à zéro
err-size-invalid = Écrivez un nombre entier avec une unité (MiB, GiB, TiB), ou 100% pour le reste

## Users
users-title = Qui utilisera cet ordinateur ?
users-full-name = Votre nom
users-name = Nom d’utilisateur
users-password = Mot de passe
users-password-confirm = Confirmer le mot de passe
users-hostname = Nom de l’ordinateur
users-admin = Cet utilisateur peut administrer l’ordinateur (doas)
users-root-same = Utiliser le même mot de passe pour le compte root (sinon root reste verrouillé)
strength-weak = Robustesse : faible
strength-fair = Robustesse : moyenne
strength-strong = Robustesse : forte
err-name-invalid = Utilisez des minuscules, des chiffres, « _ » et « - », en commençant par une lettre
err-password-empty = Saisissez un mot de passe
err-password-mismatch = Les mots de passe ne correspondent pas
err-hostname-invalid = Utilisez des lettres, des chiffres et « - », 63 caractères au plus

## Summary
summary-title = Prêt à installer
summary-planning = Préparation du plan…
summary-actions = Ce qui va se passer
summary-destructive = Ces actions effacent des données
summary-confirm = Je comprends que les données ci-dessus seront effacées
summary-plan-failed = L’installation ne peut pas commencer :

## Summary: one line per kind of action of the plan
plan-verify-source = Vérifier l’image système { $image }
plan-verify-source-skip = Utiliser l’image système { $image } sans la vérifier
plan-wipe-disk = Effacer toutes les partitions et systèmes de fichiers de { $disk }
plan-write-partition-table = Écrire une nouvelle table de partitions sur { $disk } : { $partitions }
plan-add-partitions = Ajouter des partitions à { $disk } : { $partitions }
plan-format = Formater { $device } en { $fs }
plan-encrypt = Chiffrer { $device } avec LUKS2
plan-unlock = Ouvrir le volume LUKS existant { $device }
plan-create-subvolumes = Créer les sous-volumes btrfs { $subvolumes }
plan-mount = Monter { $device } sur { $target }
plan-unpack = Copier le système ({ $size })
plan-create-swap-file = Créer un fichier d’échange de { $size }
plan-write-file = Écrire { $path }
plan-remove-paths = Supprimer les fichiers de la session live : { $paths }
plan-mount-api-filesystems = Préparer le système installé à exécuter des commandes
plan-generate-locales = Générer les locales { $locales }
plan-set-timezone = Régler le fuseau horaire sur { $zone }
plan-remove-user = Supprimer l’utilisateur live { $name }
plan-create-group = Créer le groupe { $name }
plan-create-user = Créer l’utilisateur { $name } (groupes : { $groups })
plan-lock-root = Verrouiller le compte root
plan-set-root-password = Définir le mot de passe root
plan-enable-service = Activer le service { $name } (niveau { $runlevel })
plan-disable-service = Désactiver le service { $name }
plan-remove-packages = Supprimer les paquets de la session live
plan-generate-initramfs = Construire l’initramfs du noyau { $kernel }
plan-install-bootloader = Installer le chargeur d’amorçage GRUB ({ $firmware })
plan-generate-grub-config = Écrire le menu de démarrage
plan-run-hook = Exécuter le hook { $command }
plan-verify = Vérifier que le système installé peut démarrer
plan-copy-log = Enregistrer le journal d’installation dans { $path }
plan-copy-file = Copier { $path } dans le système installé
plan-unmount-all = Tout démonter
plan-finish-reboot = Redémarrer l’ordinateur
plan-finish-poweroff = Éteindre l’ordinateur
plan-finish-none = Laisser l’ordinateur allumé

## Install
install-title = Installation de { $product }
install-show-log = Afficher les détails
install-hide-log = Masquer les détails
install-cancelling = Annulation…
install-bytes = { $done } sur { $total } copiés

## Sizes (binary units; $n is already formatted with size-decimal-separator)
size-decimal-separator = ,
size-b = { $n } o
size-kib = { $n } Kio
size-mib = { $n } Mio
size-gib = { $n } Gio
size-tib = { $n } Tio

## Finished
done-title = Terminé
done-body = { $product } est installé. Redémarrez l’ordinateur et retirez le support d’installation.
done-restart = Redémarrer maintenant
done-stay = Rester dans la session live
failed-title = L’installation a échoué
failed-body = L’installateur s’est arrêté. Ce qui s’est passé :
cancelled-title = L’installation a été annulée
done-close = Fermer

## Slideshow
slide-1 = { $product } démarre avec OpenRC : rapide, simple et sans systemd.
slide-2 = Administrez votre système avec doas, un remplaçant de sudo petit et vérifiable.
slide-3 = Votre bureau continue de fonctionner : les démons Protocol 7 parlent sa langue.

## Keyboard hints (shortcut names as printed on keyboards in the language)
keys-nav = Entrée : suivant · Échap ou { $back } : retour · { $next } : suivant · Tab : champ suivant
keys-welcome = ↑ ↓ : choisir la langue
keys-location = ↑ ↓, Page préc./suiv., Début/Fin : se déplacer dans la liste encadrée · Tab vers un champ de recherche encadre sa liste
keys-keyboard = ↑ ↓, Page préc./suiv. : disposition · Ctrl+↑ ↓ : variante
keys-disk = Ctrl+↑ ↓ : disque · Ctrl+L : effacer, à côté ou manuel · Ctrl+P : swap
keys-erase = ↑ ↓ : disque · Ctrl+F : système de fichiers · Ctrl+E : chiffrement
keys-manual = ↑ ↓ : partition (encadrée) · M, Maj+M : point de montage · F : système de fichiers · Espace : formater ou conserver · Suppr : retirer une nouvelle partition · Ctrl+N : taille d’une nouvelle partition
keys-users = Tab : champ suivant · Ctrl+D : administrateur · Ctrl+R : même mot de passe pour root
keys-summary = Espace : cocher ou décocher la confirmation · Ctrl+Entrée : installer (confirmation cochée) · Ctrl+S : enregistrer le fichier de réponses
keys-install = Ctrl+L : afficher ou masquer le journal
nav-install-key = Ctrl+Entrée

## Disk: install alongside, partitions that stay, unlocking LUKS (gui-storage)
disk-alongside = Installer { $product } à côté des autres systèmes, dans l'espace libre
alongside-no-table = Non proposé : ce disque n'a pas de table de partitions, il n'y a rien à côté de quoi installer
alongside-not-gpt = Non proposé : ce disque a une table de partitions MBR ; l'installation à côté demande GPT
alongside-too-small = Non proposé : le plus grand espace libre de ce disque fait { $free } ; il faut au moins { $need }
alongside-free = Les nouvelles partitions vont dans le plus grand espace libre du disque : { $free }
alongside-stays = Ces partitions restent telles quelles :
alongside-no-partitions = Ce disque n'a aucune partition.
manual-unlock = Déverrouiller avec la phrase secrète
manual-unlock-hint = Partition chiffrée (LUKS) : elle est ouverte avec cette phrase secrète avant toute écriture ; le système de fichiers et le formatage s'appliquent à son contenu. Le système installé la demande à chaque démarrage, avec la disposition choisie sur la page Clavier.
err-manual-unlock-empty = Saisissez la phrase secrète qui ouvre cette partition chiffrée
summary-kept = Ces partitions restent
kept-unused = non utilisée, non modifiée
kept-mounted = montée sur { $mount }, contenu intact
kept-swap = utilisée comme swap, non formatée
kept-esp = la partition système EFI : les fichiers de GRUB y sont ajoutés, rien d'autre ne change
kept-bios-boot = partition d'amorçage BIOS : l'image principale de GRUB y est écrite

## Setup mode (first boot of a preloaded computer: lainos-installer --setup)
setup-app-title = Configuration de { $product }
setup-welcome-body = Bienvenue sur votre nouvel ordinateur. Quelques questions suffisent pour le préparer. Choisissez d’abord votre langue.
setup-users-admin = Cet utilisateur administre l’ordinateur (peut utiliser doas).
setup-summary-title = Prêt pour la configuration
setup-summary-body = Vérifiez vos réponses. « Terminer la configuration » crée votre compte et prépare cet ordinateur ; vous pourrez ensuite vous connecter.
setup-summary-locale = Langue et formats
setup-summary-timezone = Fuseau horaire
setup-summary-keyboard = Clavier
setup-summary-user = Administrateur
setup-summary-hostname = Nom de l’ordinateur
setup-summary-root = Compte root
setup-summary-root-locked = Verrouillé (administration avec doas)
setup-summary-root-same = Même mot de passe que l’administrateur
nav-finish = Terminer la configuration
setup-write-failed = Impossible d’enregistrer les réponses : { $error }
keys-setup-summary = Ctrl+Entrée : terminer la configuration · Échap : retour
