## Application
app-title = مثبّت { $product }
nav-back = السابق
nav-next = التالي
nav-install = ثبّت الآن
nav-cancel = ألغِ التثبيت
nav-save = احفظ ملف الإجابات
saved-to = حُفظ ملف الإجابات في { $path }
save-failed = تعذّر حفظ ملف الإجابات: { $error }
service-unreachable = خدمة التثبيت غير متاحة: { $error }
service-connecting = جارٍ الاتصال بخدمة التثبيت…

## Pages
page-welcome = مرحبًا
page-location = الموقع
page-keyboard = لوحة المفاتيح
page-disk = القرص
page-users = المستخدمون
page-summary = الملخّص
page-install = التثبيت
page-done = انتهى

## Welcome
welcome-title = مرحبًا بك في { $product }
welcome-body = يثبّت هذا المساعد { $product } على هذا الحاسوب. اختر لغتك للبدء.
welcome-language = اللغة
req-title = المتطلبات
req-ram = الذاكرة: { $have } (على الأقل { $need })
req-disk = قرص لا يقل عن { $need }
req-firmware = البرنامج الثابت: { $kind }
req-power-ok = موصول بالكهرباء
req-power-battery = يعمل على البطارية: صِل الشاحن قبل التثبيت
req-power-unknown = مصدر الطاقة غير معروف
req-met = مستوفى
req-not-met = غير مستوفى
req-probing = جارٍ فحص هذا الحاسوب…

## Location
location-title = أين أنت؟
location-timezone = المنطقة الزمنية
location-search = بحث
location-locale = لغة النظام المثبّت وتنسيقاته
location-selected = المحدد: { $value }
location-no-match = لا شيء يطابق «{ $query }»

## Keyboard
keyboard-title = تخطيط لوحة المفاتيح
keyboard-layout = التخطيط
keyboard-variant = الشكل
keyboard-variant-default = الافتراضي
keyboard-try = اكتب هنا لتجربة لوحة المفاتيح

## Disk
disk-title = أين تريد تثبيت { $product }؟
disk-choose = القرص
disk-erase = امسح القرص وثبّت { $product }
disk-in-use = قيد الاستخدام (وسيط التشغيل الحي)
disk-filesystem = نظام الملفات
disk-swap = التبديل
swap-none = بلا
swap-file = ملف تبديل
swap-partition = قسم تبديل
disk-encrypt = شفّر النظام
disk-encrypt-hint = ستكتب عبارة المرور هذه عند كل تشغيل، قبل تحميل النظام، بتخطيط لوحة المفاتيح المختار في صفحة لوحة المفاتيح. يُنشأ قسم ‎/boot منفصل غير مشفّر.
disk-passphrase = عبارة المرور
disk-passphrase-confirm = أكّد عبارة المرور
disk-none = لم يُعثر على أي قرص
err-disk-required = اختر قرصًا
err-passphrase-short = تحتاج عبارة المرور إلى { $min } محارف على الأقل
err-passphrase-mismatch = عبارتا المرور غير متطابقتين

## Disk: manual layout
disk-manual = اختيار الأقسام بنفسي (يدوي)
manual-help = اختر استخدام كل قسم. الأقسام غير المستخدمة لا تُمس.
manual-no-partitions = لا يحتوي هذا القرص على أقسام بعد: أضف أقسامًا جديدة في مساحته الحرة.
manual-no-filesystem = بلا نظام ملفات
manual-new-partition = قسم جديد
manual-size = الحجم
manual-size-hint = مثلًا 20GiB أو 100%
manual-mount = نقطة الضم
manual-unused = غير مستخدم (يبقى كما هو)
manual-swap = التبديل
manual-format = تهيئة
manual-remove = إزالة
manual-add = إضافة قسم
manual-free = المساحة الحرة على القرص: { $free }
manual-will-erase = سيُمحى كل ما على { $device }
err-manual-rest-last = القسم الجديد الأخير وحده يمكنه أخذ الباقي (100%)
err-manual-new-unused = اختر نقطة ضم للقسم الجديد
err-manual-mount-twice = { $mount } هي بالفعل نقطة ضم قسم آخر
err-manual-format-empty = لا يحتوي هذا القسم على نظام ملفات: يجب تهيئته
err-manual-format-other = يحتوي هذا القسم على { $current }: هيّئه لاستخدامه بنظام { $fs }
err-manual-no-root = اختر قسمًا لـ / (النظام)
err-manual-no-esp = يبدأ هذا الحاسوب بنظام UEFI: اختر قسم نظام EFI (vfat) لـ /boot/efi
err-manual-no-space = لا تتسع الأقسام الجديدة في المساحة الحرة ({ $free })
err-size-no-unit = أضف وحدة، مثل 512MiB أو 20GiB
err-size-decimal = استخدم { $binary } بدلًا من { $unit }
err-size-not-positive = يجب أن يكون الحجم أكبر من صفر
err-size-invalid = اكتب عددًا صحيحًا مع وحدة (MiB أو GiB أو TiB)، أو 100% للباقي

## Users
users-title = من سيستخدم هذا الحاسوب؟
users-full-name = اسمك
users-name = اسم المستخدم
users-password = كلمة المرور
users-password-confirm = أكّد كلمة المرور
users-hostname = اسم الحاسوب
users-admin = يمكن لهذا المستخدم إدارة الحاسوب (doas)
users-root-same = استخدم كلمة المرور نفسها لحساب root (وإلا يبقى root مقفلاً)
strength-weak = القوة: ضعيفة
strength-fair = القوة: متوسطة
strength-strong = القوة: قوية
err-name-invalid = استخدم أحرفًا لاتينية صغيرة وأرقامًا و«_» و«-»، على أن يبدأ بحرف
err-password-empty = أدخل كلمة مرور
err-password-mismatch = كلمتا المرور غير متطابقتين
err-hostname-invalid = استخدم أحرفًا وأرقامًا و«-»، بحد أقصى 63 محرفًا

## Summary
summary-title = جاهز للتثبيت
summary-planning = جارٍ إعداد الخطة…
summary-actions = ما الذي سيحدث
summary-destructive = هذه الإجراءات تمسح البيانات
summary-confirm = أفهم أن البيانات المذكورة أعلاه ستُمسح
summary-plan-failed = لا يمكن بدء التثبيت:

## Summary: one line per kind of action of the plan
plan-verify-source = التحقق من صورة النظام { $image }
plan-verify-source-skip = استخدام صورة النظام { $image } دون التحقق منها
plan-wipe-disk = مسح كل الأقسام وأنظمة الملفات على { $disk }
plan-write-partition-table = كتابة جدول أقسام جديد على { $disk }: { $partitions }
plan-add-partitions = إضافة أقسام إلى { $disk }: { $partitions }
plan-format = تهيئة { $device } بنظام { $fs }
plan-encrypt = تشفير { $device } باستخدام LUKS2
plan-unlock = فتح وحدة LUKS الموجودة { $device }
plan-create-subvolumes = إنشاء المجلدات الفرعية btrfs { $subvolumes }
plan-mount = وصل { $device } في { $target }
plan-unpack = نسخ النظام ({ $size })
plan-create-swap-file = إنشاء ملف تبديل بحجم { $size }
plan-write-file = كتابة { $path }
plan-remove-paths = إزالة ملفات الجلسة الحية: { $paths }
plan-mount-api-filesystems = تهيئة النظام المثبّت لتشغيل الأوامر
plan-generate-locales = توليد الإعدادات المحلية { $locales }
plan-set-timezone = ضبط المنطقة الزمنية على { $zone }
plan-remove-user = إزالة المستخدم الحي { $name }
plan-create-group = إنشاء المجموعة { $name }
plan-create-user = إنشاء المستخدم { $name } (المجموعات: { $groups })
plan-lock-root = قفل حساب root
plan-set-root-password = تعيين كلمة مرور root
plan-enable-service = تفعيل الخدمة { $name } (مستوى التشغيل { $runlevel })
plan-disable-service = تعطيل الخدمة { $name }
plan-remove-packages = إزالة حزم الجلسة الحية
plan-generate-initramfs = بناء initramfs للنواة { $kernel }
plan-install-bootloader = تثبيت محمّل الإقلاع GRUB ({ $firmware })
plan-generate-grub-config = كتابة قائمة الإقلاع
plan-run-hook = تشغيل الخطّاف { $command }
plan-verify = التحقق من أن النظام المثبّت يمكنه الإقلاع
plan-copy-log = حفظ سجل التثبيت في { $path }
plan-copy-file = نسخ { $path } إلى النظام المثبّت
plan-unmount-all = فصل كل شيء
plan-finish-reboot = إعادة تشغيل الحاسوب
plan-finish-poweroff = إيقاف تشغيل الحاسوب
plan-finish-none = ترك الحاسوب يعمل

## Install
install-title = جارٍ تثبيت { $product }
install-show-log = اعرض التفاصيل
install-hide-log = أخفِ التفاصيل
install-cancelling = جارٍ الإلغاء…
install-bytes = تم نسخ { $done } من { $total }

## Sizes (binary units; $n is already formatted with size-decimal-separator)
size-decimal-separator = ٫
size-b = { $n } بايت
size-kib = { $n } ك.بايت
size-mib = { $n } م.بايت
size-gib = { $n } ج.بايت
size-tib = { $n } ت.بايت

## Finished
done-title = اكتمل كل شيء
done-body = تم تثبيت { $product }. أعد تشغيل الحاسوب وأزل وسيط التثبيت.
done-restart = أعد التشغيل الآن
done-stay = ابقَ في الجلسة الحية
failed-title = فشل التثبيت
failed-body = توقف المثبّت. ما الذي حدث:
cancelled-title = أُلغي التثبيت
done-close = أغلق

## Slideshow
slide-1 = يبدأ { $product } مع OpenRC: سريع وبسيط ومن دون systemd.
slide-2 = أدر نظامك باستخدام doas، بديل صغير وقابل للتدقيق لـ sudo.
slide-3 = يستمر سطح مكتبك في العمل: تتحدث خدمات Protocol 7 بما يتوقعه.

## Keyboard hints (shortcut names as printed on keyboards in the language)
keys-nav = Enter: التالي · Esc أو { $back }: السابق · { $next }: التالي · Tab: الحقل التالي
keys-welcome = ↑ ↓: اختيار اللغة
keys-location = ↑ ↓ و Page Up/Down و Home/End: التنقل في القائمة المؤطرة · الانتقال بـ Tab إلى حقل بحث يؤطر قائمته
keys-keyboard = ↑ ↓ و Page Up/Down: التخطيط · Ctrl+↑ ↓: البديل
keys-disk = Ctrl+↑ ↓: القرص · Ctrl+L: المسح أو بجانب الأنظمة أو يدوي · Ctrl+P: التبديل
keys-erase = ↑ ↓: القرص · Ctrl+F: نظام الملفات · Ctrl+E: التشفير
keys-manual = ↑ ↓: القسم (المؤطر) · M و Shift+M: نقطة الوصل · F: نظام الملفات · المسافة: التهيئة أو الإبقاء · Delete: إزالة قسم جديد · Ctrl+N: حجم قسم جديد
keys-users = Tab: الحقل التالي · Ctrl+D: المدير · Ctrl+R: كلمة المرور نفسها للجذر
keys-summary = المسافة: تحديد التأكيد أو إلغاؤه · Ctrl+Enter: التثبيت (مع تحديد التأكيد) · Ctrl+S: حفظ ملف الإجابات
keys-install = Ctrl+L: إظهار السجل أو إخفاؤه
nav-install-key = Ctrl+Enter

## Disk: install alongside, partitions that stay, unlocking LUKS (gui-storage)
disk-alongside = ثبّت { $product } بجانب الأنظمة الأخرى، في المساحة الحرة
alongside-no-table = غير متاح: لا يحتوي هذا القرص على جدول أقسام، فلا يوجد ما يُثبَّت بجانبه
alongside-not-gpt = غير متاح: يحتوي هذا القرص على جدول أقسام MBR؛ التثبيت بجانب الأنظمة الأخرى يتطلب GPT
alongside-too-small = غير متاح: أكبر مساحة حرة في هذا القرص هي { $free }؛ المطلوب { $need } على الأقل
alongside-free = توضع الأقسام الجديدة في أكبر مساحة حرة على القرص: { $free }
alongside-stays = تبقى هذه الأقسام كما هي:
alongside-no-partitions = لا يحتوي هذا القرص على أقسام.
manual-unlock = فتح بعبارة المرور
manual-unlock-hint = قسم مشفّر (LUKS): يُفتح بعبارة المرور هذه قبل كتابة أي شيء، ونظام الملفات والتهيئة يخصّان محتواه. يطلبها النظام المثبّت عند كل تشغيل، بتخطيط لوحة المفاتيح المختار في صفحة لوحة المفاتيح.
err-manual-unlock-empty = اكتب عبارة المرور التي تفتح هذا القسم المشفّر
summary-kept = تبقى هذه الأقسام
kept-unused = غير مستخدم، لا يُمسّ
kept-mounted = يُركَّب على { $mount }، ومحتواه لا يُمسّ
kept-swap = يُستخدم مساحةً للتبديل، دون تهيئة
kept-esp = قسم نظام EFI: تُضاف ملفات GRUB، ولا يتغير شيء آخر
kept-bios-boot = قسم إقلاع BIOS: تُكتب فيه صورة GRUB الأساسية

## Setup mode (first boot of a preloaded computer: lainos-installer --setup)
setup-app-title = إعداد { $product }
setup-welcome-body = مرحبًا بك في حاسوبك الجديد. بضعة أسئلة تكفي لتجهيزه لك. اختر لغتك أولًا.
setup-users-admin = يدير هذا المستخدم الحاسوب (يمكنه استخدام doas).
setup-summary-title = جاهز للإعداد
setup-summary-body = راجع إجاباتك. يُنشئ «إنهاء الإعداد» حسابك ويجهّز هذا الحاسوب، ثم يمكنك تسجيل الدخول.
setup-summary-locale = اللغة والتنسيقات
setup-summary-timezone = المنطقة الزمنية
setup-summary-keyboard = لوحة المفاتيح
setup-summary-user = المسؤول
setup-summary-hostname = اسم الحاسوب
setup-summary-root = حساب الجذر (root)
setup-summary-root-locked = مقفل (الإدارة عبر doas)
setup-summary-root-same = كلمة مرور المسؤول نفسها
nav-finish = إنهاء الإعداد
setup-write-failed = تعذّر حفظ الإجابات: { $error }
keys-setup-summary = Ctrl+Enter: إنهاء الإعداد · Esc: السابق
