## Application
app-title = Instalador de { $product }
nav-back = Atrás
nav-next = Siguiente
nav-install = Instalar ahora
nav-cancel = Cancelar la instalación
nav-save = Guardar archivo de respuestas
saved-to = Archivo de respuestas guardado en { $path }
save-failed = No se pudo guardar el archivo de respuestas: { $error }
service-unreachable = El servicio de instalación no está disponible: { $error }
service-connecting = Conectando con el servicio de instalación…

## Pages
page-welcome = Bienvenida
page-location = Ubicación
page-keyboard = Teclado
page-disk = Disco
page-users = Usuarios
page-summary = Resumen
page-install = Instalación
page-done = Terminado

## Welcome
welcome-title = Bienvenido a { $product }
welcome-body = Este asistente instala { $product } en este equipo. Elija su idioma para empezar.
welcome-language = Idioma
req-title = Requisitos
req-ram = Memoria: { $have } (al menos { $need })
req-disk = Un disco de al menos { $need }
req-firmware = Firmware: { $kind }
req-power-ok = Conectado a la corriente
req-power-battery = Funcionando con batería: conecte el cargador antes de instalar
req-power-unknown = Fuente de alimentación desconocida
req-met = Correcto
req-not-met = No cumplido
req-probing = Examinando este equipo…

## Location
location-title = ¿Dónde se encuentra?
location-timezone = Zona horaria
location-search = Buscar
location-locale = Idioma y formatos del sistema instalado
location-selected = Seleccionado: { $value }
location-no-match = Nada coincide con «{ $query }»

## Keyboard
keyboard-title = Distribución del teclado
keyboard-layout = Distribución
keyboard-variant = Variante
keyboard-variant-default = Predeterminada
keyboard-try = Escriba aquí para probar el teclado

## Disk
disk-title = ¿Dónde se instalará { $product }?
disk-choose = Disco
disk-erase = Borrar el disco e instalar { $product }
disk-in-use = en uso (el medio live)
disk-filesystem = Sistema de archivos
disk-swap = Intercambio
swap-none = Ninguno
swap-file = Archivo de intercambio
swap-partition = Partición de intercambio
disk-encrypt = Cifrar el sistema
disk-encrypt-hint = Escribirá esta frase de contraseña en cada arranque, antes de que cargue el sistema, con la distribución elegida en la página Teclado. Se crea una partición /boot separada sin cifrar.
disk-passphrase = Frase de contraseña
disk-passphrase-confirm = Confirmar la frase de contraseña
disk-none = No se encontró ningún disco
err-disk-required = Elija un disco
err-passphrase-short = La frase de contraseña necesita al menos { $min } caracteres
err-passphrase-mismatch = Las frases de contraseña no coinciden

## Disk: manual layout
disk-manual = Elegir las particiones yo mismo (manual)
manual-help = Elija para qué se usa cada partición. Las particiones sin usar no se tocan.
manual-no-partitions = Este disco aún no tiene particiones: añada nuevas en su espacio libre.
manual-no-filesystem = sin sistema de archivos
manual-new-partition = Partición nueva
manual-size = Tamaño
manual-size-hint = p. ej. 20GiB o 100%
manual-mount = Punto de montaje
manual-unused = Sin usar (dejar como está)
manual-swap = Intercambio
manual-format = Formatear
manual-remove = Quitar
manual-add = Añadir una partición
manual-free = Espacio libre en el disco: { $free }
manual-will-erase = Se borrará todo lo que hay en { $device }
err-manual-rest-last = Solo la última partición nueva puede ocupar el resto (100%)
err-manual-new-unused = Elija un punto de montaje para la partición nueva
err-manual-mount-twice = { $mount } ya es el punto de montaje de otra partición
err-manual-format-empty = Esta partición no tiene sistema de archivos: hay que formatearla
err-manual-format-other = Esta partición contiene { $current }: formatéela para usarla como { $fs }
err-manual-no-root = Elija una partición para / (el sistema)
err-manual-no-esp = Este equipo arranca con UEFI: elija una partición de sistema EFI (vfat) para /boot/efi
err-manual-no-space = Las particiones nuevas no caben en el espacio libre ({ $free })
err-size-no-unit = Añada una unidad, como 512MiB o 20GiB
err-size-decimal = Use { $binary } en lugar de { $unit }
err-size-not-positive = El tamaño debe ser mayor que cero
err-size-invalid = Escriba un número entero con una unidad (MiB, GiB, TiB), o 100% para el resto

## Users
users-title = ¿Quién usará este equipo?
users-full-name = Su nombre
users-name = Nombre de usuario
users-password = Contraseña
users-password-confirm = Confirmar la contraseña
users-hostname = Nombre del equipo
users-admin = Este usuario puede administrar el equipo (doas)
users-root-same = Usar la misma contraseña para la cuenta root (si no, root queda bloqueada)
strength-weak = Seguridad: débil
strength-fair = Seguridad: aceptable
strength-strong = Seguridad: fuerte
err-name-invalid = Use minúsculas, dígitos, «_» y «-», empezando por una letra
err-password-empty = Introduzca una contraseña
err-password-mismatch = Las contraseñas no coinciden
err-hostname-invalid = Use letras, dígitos y «-», 63 caracteres como máximo

## Summary
summary-title = Listo para instalar
summary-planning = Preparando el plan…
summary-actions = Lo que va a ocurrir
summary-destructive = Estas acciones borran datos
summary-confirm = Entiendo que los datos indicados arriba se borrarán
summary-plan-failed = La instalación no puede empezar:

## Summary: one line per kind of action of the plan
plan-verify-source = Comprobar la imagen del sistema { $image }
plan-verify-source-skip = Usar la imagen del sistema { $image } sin comprobarla
plan-wipe-disk = Borrar todas las particiones y sistemas de archivos de { $disk }
plan-write-partition-table = Escribir una nueva tabla de particiones en { $disk }: { $partitions }
plan-add-partitions = Añadir particiones a { $disk }: { $partitions }
plan-format = Formatear { $device } como { $fs }
plan-encrypt = Cifrar { $device } con LUKS2
plan-unlock = Abrir el volumen LUKS existente { $device }
plan-create-subvolumes = Crear los subvolúmenes btrfs { $subvolumes }
plan-mount = Montar { $device } en { $target }
plan-unpack = Copiar el sistema ({ $size })
plan-create-swap-file = Crear un archivo de intercambio de { $size }
plan-write-file = Escribir { $path }
plan-remove-paths = Eliminar archivos de la sesión en vivo: { $paths }
plan-mount-api-filesystems = Preparar el sistema instalado para ejecutar órdenes
plan-generate-locales = Generar las configuraciones regionales { $locales }
plan-set-timezone = Establecer la zona horaria { $zone }
plan-remove-user = Eliminar el usuario en vivo { $name }
plan-create-group = Crear el grupo { $name }
plan-create-user = Crear el usuario { $name } (grupos: { $groups })
plan-lock-root = Bloquear la cuenta root
plan-set-root-password = Establecer la contraseña de root
plan-enable-service = Activar el servicio { $name } (nivel { $runlevel })
plan-disable-service = Desactivar el servicio { $name }
plan-remove-packages = Eliminar los paquetes de la sesión en vivo
plan-generate-initramfs = Generar el initramfs del núcleo { $kernel }
plan-install-bootloader = Instalar el cargador de arranque GRUB ({ $firmware })
plan-generate-grub-config = Escribir el menú de arranque
plan-run-hook = Ejecutar el hook { $command }
plan-verify = Comprobar que el sistema instalado puede arrancar
plan-copy-log = Guardar el registro de instalación en { $path }
plan-copy-file = Copiar { $path } al sistema instalado
plan-unmount-all = Desmontar todo
plan-finish-reboot = Reiniciar el equipo
plan-finish-poweroff = Apagar el equipo
plan-finish-none = Dejar el equipo encendido

## Install
install-title = Instalando { $product }
install-show-log = Mostrar detalles
install-hide-log = Ocultar detalles
install-cancelling = Cancelando…
install-bytes = { $done } de { $total } copiados

## Sizes (binary units; $n is already formatted with size-decimal-separator)
size-decimal-separator = ,
size-b = { $n } B
size-kib = { $n } KiB
size-mib = { $n } MiB
size-gib = { $n } GiB
size-tib = { $n } TiB

## Finished
done-title = Todo listo
done-body = { $product } está instalado. Reinicie el equipo y retire el medio de instalación.
done-restart = Reiniciar ahora
done-stay = Seguir en la sesión live
failed-title = La instalación ha fallado
failed-body = El instalador se detuvo. Lo que ocurrió:
cancelled-title = La instalación se canceló
done-close = Cerrar

## Slideshow
slide-1 = { $product } arranca con OpenRC: rápido, sencillo y sin systemd.
slide-2 = Administre su sistema con doas, un sustituto de sudo pequeño y auditable.
slide-3 = Su escritorio sigue funcionando: los demonios Protocol 7 hablan lo que espera.

## Keyboard hints (shortcut names as printed on keyboards in the language)
keys-nav = Intro: siguiente · Esc o { $back }: atrás · { $next }: siguiente · Tab: campo siguiente
keys-welcome = ↑ ↓: elegir el idioma
keys-location = ↑ ↓, RePág/AvPág, Inicio/Fin: moverse en la lista enmarcada · Tab a un campo de búsqueda enmarca su lista
keys-keyboard = ↑ ↓, RePág/AvPág: distribución · Ctrl+↑ ↓: variante
keys-disk = Ctrl+↑ ↓: disco · Ctrl+L: borrar, junto a otros o manual · Ctrl+P: swap
keys-erase = ↑ ↓: disco · Ctrl+F: sistema de archivos · Ctrl+E: cifrado
keys-manual = ↑ ↓: partición (enmarcada) · M, Mayús+M: punto de montaje · F: sistema de archivos · Espacio: formatear o conservar · Supr: quitar una partición nueva · Ctrl+N: tamaño de una partición nueva
keys-users = Tab: campo siguiente · Ctrl+D: administrador · Ctrl+R: la misma contraseña para root
keys-summary = Espacio: marcar o desmarcar la confirmación · Ctrl+Intro: instalar (con la confirmación marcada) · Ctrl+S: guardar el archivo de respuestas
keys-install = Ctrl+L: mostrar u ocultar el registro
nav-install-key = Ctrl+Intro

## Disk: install alongside, partitions that stay, unlocking LUKS (gui-storage)
disk-alongside = Instalar { $product } junto a los otros sistemas, en el espacio libre
alongside-no-table = No disponible: este disco no tiene tabla de particiones, así que no hay nada junto a lo que instalar
alongside-not-gpt = No disponible: este disco tiene una tabla de particiones MBR; instalar junto a otros requiere GPT
alongside-too-small = No disponible: el mayor espacio libre de este disco es de { $free }; se necesitan al menos { $need }
alongside-free = Las nuevas particiones van al mayor espacio libre del disco: { $free }
alongside-stays = Estas particiones se quedan como están:
alongside-no-partitions = Este disco no tiene particiones.
manual-unlock = Desbloquear con frase de contraseña
manual-unlock-hint = Partición cifrada (LUKS): se abre con esta frase de contraseña antes de escribir nada; el sistema de archivos y el formateo se aplican a su contenido. El sistema instalado la pide en cada arranque, con la distribución elegida en la página Teclado.
err-manual-unlock-empty = Escriba la frase de contraseña que abre esta partición cifrada
summary-kept = Estas particiones se conservan
kept-unused = sin usar, sin tocar
kept-mounted = montada en { $mount }, contenido intacto
kept-swap = usada como swap, sin formatear
kept-esp = la partición de sistema EFI: se añaden los archivos de GRUB, nada más cambia
kept-bios-boot = partición de arranque BIOS: se escribe en ella la imagen principal de GRUB

## Setup mode (first boot of a preloaded computer: lainos-installer --setup)
setup-app-title = Configuración de { $product }
setup-welcome-body = Bienvenido a su nuevo equipo. Unas pocas preguntas lo preparan para usted. Elija primero su idioma.
setup-users-admin = Este usuario administra el equipo (puede usar doas).
setup-summary-title = Listo para configurar
setup-summary-body = Revise sus respuestas. «Terminar la configuración» crea su cuenta y prepara este equipo; después podrá iniciar sesión.
setup-summary-locale = Idioma y formatos
setup-summary-timezone = Zona horaria
setup-summary-keyboard = Teclado
setup-summary-user = Administrador
setup-summary-hostname = Nombre del equipo
setup-summary-root = Cuenta root
setup-summary-root-locked = Bloqueada (administración con doas)
setup-summary-root-same = La misma contraseña que el administrador
nav-finish = Terminar la configuración
setup-write-failed = No se pudieron guardar las respuestas: { $error }
keys-setup-summary = Ctrl+Intro: terminar la configuración · Esc: atrás
