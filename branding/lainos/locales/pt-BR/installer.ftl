## Application
app-title = Instalador do { $product }
nav-back = Voltar
nav-next = Avançar
nav-install = Instalar agora
nav-cancel = Cancelar a instalação
nav-save = Salvar arquivo de respostas
saved-to = Arquivo de respostas salvo em { $path }
save-failed = Não foi possível salvar o arquivo de respostas: { $error }
service-unreachable = O serviço de instalação não está disponível: { $error }
service-connecting = Conectando ao serviço de instalação…

## Pages
page-welcome = Boas-vindas
page-location = Localização
page-keyboard = Teclado
page-disk = Disco
page-users = Usuários
page-summary = Resumo
page-install = Instalação
page-done = Concluído

## Welcome
welcome-title = Bem-vindo ao { $product }
welcome-body = Este assistente instala o { $product } neste computador. Escolha seu idioma para começar.
welcome-language = Idioma
req-title = Requisitos
req-ram = Memória: { $have } (pelo menos { $need })
req-disk = Um disco de pelo menos { $need }
req-firmware = Firmware: { $kind }
req-power-ok = Ligado na tomada
req-power-battery = Usando a bateria: conecte o carregador antes de instalar
req-power-unknown = Fonte de energia desconhecida
req-met = OK
req-not-met = Não atendido
req-probing = Examinando este computador…

## Location
location-title = Onde você está?
location-timezone = Fuso horário
location-search = Pesquisar
location-locale = Idioma e formatos do sistema instalado
location-selected = Selecionado: { $value }
location-no-match = Nada corresponde a “{ $query }”

## Keyboard
keyboard-title = Layout do teclado
keyboard-layout = Layout
keyboard-variant = Variante
keyboard-variant-default = Padrão
keyboard-try = Digite aqui para testar o teclado

## Disk
disk-title = Onde o { $product } deve ser instalado?
disk-choose = Disco
disk-erase = Apagar o disco e instalar o { $product }
disk-in-use = em uso (a mídia live)
disk-filesystem = Sistema de arquivos
disk-swap = Swap
swap-none = Nenhum
swap-file = Arquivo de swap
swap-partition = Partição de swap
disk-encrypt = Criptografar o sistema
disk-encrypt-hint = Você digitará esta frase secreta a cada inicialização, antes de o sistema carregar, com o layout escolhido na página Teclado. Uma partição /boot separada e não criptografada é criada.
disk-passphrase = Frase secreta
disk-passphrase-confirm = Confirmar a frase secreta
disk-none = Nenhum disco encontrado
err-disk-required = Escolha um disco
err-passphrase-short = A frase secreta precisa de pelo menos { $min } caracteres
err-passphrase-mismatch = As frases secretas não coincidem

## Disk: manual layout
disk-manual = Escolher as partições eu mesmo (manual)
manual-help = Escolha para que cada partição é usada. Partições não usadas ficam intactas.
manual-no-partitions = Este disco ainda não tem partições: adicione novas no espaço livre.
manual-no-filesystem = sem sistema de arquivos
manual-new-partition = Nova partição
manual-size = Tamanho
manual-size-hint = ex.: 20GiB ou 100%
manual-mount = Ponto de montagem
manual-unused = Não usar (deixar como está)
manual-swap = Swap
manual-format = Formatar
manual-remove = Remover
manual-add = Adicionar uma partição
manual-free = Espaço livre no disco: { $free }
manual-will-erase = Tudo em { $device } será apagado
err-manual-rest-last = Só a última partição nova pode ocupar o resto (100%)
err-manual-new-unused = Escolha um ponto de montagem para a nova partição
err-manual-mount-twice = { $mount } já é o ponto de montagem de outra partição
err-manual-format-empty = Esta partição não tem sistema de arquivos: ela precisa ser formatada
err-manual-format-other = Esta partição contém { $current }: formate-a para usá-la como { $fs }
err-manual-no-root = Escolha uma partição para / (o sistema)
err-manual-no-esp = Este computador inicia com UEFI: escolha uma partição de sistema EFI (vfat) para /boot/efi
err-manual-no-space = As novas partições não cabem no espaço livre ({ $free })
err-size-no-unit = Adicione uma unidade, como 512MiB ou 20GiB
err-size-decimal = Use { $binary } em vez de { $unit }
err-size-not-positive = O tamanho precisa ser maior que zero
err-size-invalid = Escreva um número inteiro com uma unidade (MiB, GiB, TiB), ou 100% para o restante

## Users
users-title = Quem vai usar este computador?
users-full-name = Seu nome
users-name = Nome de usuário
users-password = Senha
users-password-confirm = Confirmar a senha
users-hostname = Nome do computador
users-admin = Este usuário pode administrar o computador (doas)
users-root-same = Usar a mesma senha para a conta root (caso contrário, root fica bloqueada)
strength-weak = Força: fraca
strength-fair = Força: razoável
strength-strong = Força: forte
err-name-invalid = Use letras minúsculas, dígitos, “_” e “-”, começando com uma letra
err-password-empty = Digite uma senha
err-password-mismatch = As senhas não coincidem
err-hostname-invalid = Use letras, dígitos e “-”, no máximo 63 caracteres

## Summary
summary-title = Pronto para instalar
summary-planning = Preparando o plano…
summary-actions = O que vai acontecer
summary-destructive = Estas ações apagam dados
summary-confirm = Entendo que os dados listados acima serão apagados
summary-plan-failed = A instalação não pode começar:

## Summary: one line per kind of action of the plan
plan-verify-source = Verificar a imagem do sistema { $image }
plan-verify-source-skip = Usar a imagem do sistema { $image } sem verificá-la
plan-wipe-disk = Apagar todas as partições e sistemas de arquivos de { $disk }
plan-write-partition-table = Gravar uma nova tabela de partições em { $disk }: { $partitions }
plan-add-partitions = Adicionar partições a { $disk }: { $partitions }
plan-format = Formatar { $device } como { $fs }
plan-encrypt = Criptografar { $device } com LUKS2
plan-unlock = Abrir o volume LUKS existente { $device }
plan-create-subvolumes = Criar os subvolumes btrfs { $subvolumes }
plan-mount = Montar { $device } em { $target }
plan-unpack = Copiar o sistema ({ $size })
plan-create-swap-file = Criar um arquivo de troca de { $size }
plan-write-file = Gravar { $path }
plan-remove-paths = Remover arquivos da sessão live: { $paths }
plan-mount-api-filesystems = Preparar o sistema instalado para executar comandos
plan-generate-locales = Gerar os locales { $locales }
plan-set-timezone = Definir o fuso horário como { $zone }
plan-remove-user = Remover o usuário live { $name }
plan-create-group = Criar o grupo { $name }
plan-create-user = Criar o usuário { $name } (grupos: { $groups })
plan-lock-root = Bloquear a conta root
plan-set-root-password = Definir a senha de root
plan-enable-service = Ativar o serviço { $name } (runlevel { $runlevel })
plan-disable-service = Desativar o serviço { $name }
plan-remove-packages = Remover os pacotes da sessão live
plan-generate-initramfs = Gerar o initramfs do kernel { $kernel }
plan-install-bootloader = Instalar o carregador de inicialização GRUB ({ $firmware })
plan-generate-grub-config = Gravar o menu de inicialização
plan-run-hook = Executar o hook { $command }
plan-verify = Verificar se o sistema instalado consegue iniciar
plan-copy-log = Salvar o registro da instalação em { $path }
plan-copy-file = Copiar { $path } para o sistema instalado
plan-unmount-all = Desmontar tudo
plan-finish-reboot = Reiniciar o computador
plan-finish-poweroff = Desligar o computador
plan-finish-none = Deixar o computador ligado

## Install
install-title = Instalando o { $product }
install-show-log = Mostrar detalhes
install-hide-log = Ocultar detalhes
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
done-title = Tudo pronto
done-body = O { $product } está instalado. Reinicie o computador e remova a mídia de instalação.
done-restart = Reiniciar agora
done-stay = Continuar na sessão live
failed-title = A instalação falhou
failed-body = O instalador parou. O que aconteceu:
cancelled-title = A instalação foi cancelada
done-close = Fechar

## Slideshow
slide-1 = O { $product } inicia com OpenRC: rápido, simples e sem systemd.
slide-2 = Administre o sistema com doas, um substituto do sudo pequeno e auditável.
slide-3 = Sua área de trabalho continua funcionando: os daemons Protocol 7 falam o que ela espera.

## Keyboard hints (shortcut names as printed on keyboards in the language)
keys-nav = Enter: avançar · Esc ou { $back }: voltar · { $next }: avançar · Tab: próximo campo
keys-welcome = ↑ ↓: escolher o idioma
keys-location = ↑ ↓, Page Up/Down, Home/End: mover na lista destacada · Tab para um campo de busca destaca sua lista
keys-keyboard = ↑ ↓, Page Up/Down: layout · Ctrl+↑ ↓: variante
keys-disk = Ctrl+↑ ↓: disco · Ctrl+L: apagar, ao lado ou manual · Ctrl+P: swap
keys-erase = ↑ ↓: disco · Ctrl+F: sistema de arquivos · Ctrl+E: criptografia
keys-manual = ↑ ↓: partição (destacada) · M, Shift+M: ponto de montagem · F: sistema de arquivos · Espaço: formatar ou manter · Delete: remover uma partição nova · Ctrl+N: tamanho de uma partição nova
keys-users = Tab: próximo campo · Ctrl+D: administrador · Ctrl+R: mesma senha para o root
keys-summary = Espaço: marcar ou desmarcar a confirmação · Ctrl+Enter: instalar (com a confirmação marcada) · Ctrl+S: salvar o arquivo de respostas
keys-install = Ctrl+L: mostrar ou ocultar o registro
nav-install-key = Ctrl+Enter

## Disk: install alongside, partitions that stay, unlocking LUKS (gui-storage)
disk-alongside = Instalar o { $product } ao lado dos outros sistemas, no espaço livre
alongside-no-table = Indisponível: este disco não tem tabela de partições, então não há nada ao lado do qual instalar
alongside-not-gpt = Indisponível: este disco tem uma tabela de partições MBR; instalar ao lado exige GPT
alongside-too-small = Indisponível: o maior espaço livre deste disco é { $free }; são necessários pelo menos { $need }
alongside-free = As novas partições vão para o maior espaço livre do disco: { $free }
alongside-stays = Estas partições ficam como estão:
alongside-no-partitions = Este disco não tem partições.
manual-unlock = Desbloquear com frase secreta
manual-unlock-hint = Partição criptografada (LUKS): ela é aberta com esta frase secreta antes de qualquer escrita; o sistema de arquivos e a formatação valem para o conteúdo dela. O sistema instalado a pede a cada inicialização, com o layout escolhido na página Teclado.
err-manual-unlock-empty = Digite a frase secreta que abre esta partição criptografada
summary-kept = Estas partições permanecem
kept-unused = não usada, não alterada
kept-mounted = montada em { $mount }, conteúdo intacto
kept-swap = usada como swap, não formatada
kept-esp = a partição de sistema EFI: os arquivos do GRUB são adicionados, nada mais muda
kept-bios-boot = partição de inicialização BIOS: a imagem principal do GRUB é gravada nela

## Setup mode (first boot of a preloaded computer: lainos-installer --setup)
setup-app-title = Configuração do { $product }
setup-welcome-body = Bem-vindo ao seu novo computador. Algumas perguntas o deixam pronto para você. Escolha primeiro o seu idioma.
setup-users-admin = Este usuário administra o computador (pode usar doas).
setup-summary-title = Pronto para configurar
setup-summary-body = Confira suas respostas. “Concluir a configuração” cria sua conta e prepara este computador; depois você pode entrar.
setup-summary-locale = Idioma e formatos
setup-summary-timezone = Fuso horário
setup-summary-keyboard = Teclado
setup-summary-user = Administrador
setup-summary-hostname = Nome do computador
setup-summary-root = Conta root
setup-summary-root-locked = Bloqueada (administração com doas)
setup-summary-root-same = A mesma senha do administrador
nav-finish = Concluir a configuração
setup-write-failed = Não foi possível salvar as respostas: { $error }
keys-setup-summary = Ctrl+Enter: concluir a configuração · Esc: voltar
