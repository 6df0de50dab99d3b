/* codes.h — the one catalogue of result codes: status, FAQ item, title and advice in zh_TW and en. */
#ifndef CW_CODES_H
#define CW_CODES_H

#include "cw/checks.h"

/* Which checks (or actions) may give a code. */
#define CW_ON(c) (1u << CW_CHECK_##c)
#define CW_ON_ACTION (1u << 30)
#define CW_ON_ANY 0x7fffffffu
#define CW_ON_CERTS (CW_ON(ENC_CERT) | CW_ON(SIGN_CERT))
/* Every check that talks to a module, and every one that also talks to the card: a silent card
 * or a crashing module can end any of them (the helper is killed and the check says so). Which
 * checks those are is the check table's `needs` (src/probe/checks.c), not repeated here. */
#define CW_ON_MODULE_WORK (1u << 28)
#define CW_ON_CARD_WORK ((1u << 29) | CW_ON_MODULE_WORK)

/*
 * X(ENUM, "code", where, STATUS, FAQ item (0 = none),
 *   zh_TW title, en title, zh_TW advice, en advice)
 * Codes and their meaning are a stable contract (--report --format=json).
 */
#define CW_CODES(X)                                                                   \
	X(OK, "ok", CW_ON_ANY, PASS, 0, "正常", "OK", "", "")                           \
	X(NOT_RUN, "not-run", CW_ON_ANY, SKIP, 0, "未執行", "Not run",                  \
	  "前面的檢測未通過，請先處理上面的問題。",                                   \
	  "An earlier check failed; fix that first.")                                 \
	X(UNSUPPORTED, "unsupported", CW_ON(OS), WARN, 0,                               \
	  "作業系統未經測試", "Operating system not tested",                             \
	  "cardwiz 在 Debian、Ubuntu、Fedora 上測試過；其他系統也許可用，但若有問題請先換一台已知可用的電腦試試。", \
	  "cardwiz is tested on Debian, Ubuntu and Fedora; others may work, but if something fails try a known-good computer first.") \
	X(NO_SERVICE, "no-service", CW_ON(SERVICE), FAIL, 1,                            \
	  "無法連線讀卡服務 pcscd", "Smart-card service pcscd not reachable",              \
	  "瀏覽器與簽章元件透過 pcscd 讀卡。請安裝並啟動它：sudo apt install pcscd && sudo systemctl enable --now pcscd.socket", \
	  "The browser and the signing component reach the card through pcscd. Install and start it: sudo apt install pcscd && sudo systemctl enable --now pcscd.socket") \
	X(SERVICE_LOST, "service-lost", CW_ON(SERVICE) | CW_ON(READER) | CW_ON_CARD_WORK | CW_ON_ACTION, FAIL, 1,                        \
	  "讀卡服務中斷", "Smart-card service stopped",                                  \
	  "pcscd 在使用中停止了。請重新啟動：sudo systemctl restart pcscd；服務恢復後 cardwiz 會自動重新連線。", \
	  "pcscd stopped while in use. Restart it: sudo systemctl restart pcscd; cardwiz reconnects when it is back.") \
	X(POLKIT_DENIED, "polkit-denied", CW_ON(SERVICE), FAIL, 1,                      \
	  "遠端連線不允許使用讀卡機 (polkit)", "Not allowed to use readers over SSH (polkit)", \
	  "這台電腦的 pcscd 以 polkit 限制只有本機登入者能讀卡，所以透過 SSH 看不到讀卡機，看起來像沒有接讀卡機。請在本機登入操作，或由管理者在 /etc/polkit-1/rules.d/ 加入允許 org.debian.pcsc-lite.access_pcsc 與 access_card 的規則。", \
	  "This computer's pcscd lets only local sessions use readers (polkit), so over SSH no reader is visible — it looks like a missing reader. Work at the local console, or have an administrator add a rule in /etc/polkit-1/rules.d/ allowing org.debian.pcsc-lite.access_pcsc and access_card.") \
	X(NO_ACCESS, "no-access", CW_ON(SERVICE), FAIL, 1,                              \
	  "沒有權限連線讀卡服務", "No permission to reach the smart-card service",       \
	  "無法開啟 pcscd 的連線端點 (權限不足)。請檢查 /run/pcscd/pcscd.comm 的權限，或請管理者協助。", \
	  "The pcscd socket could not be opened (permission denied). Check the permissions of /run/pcscd/pcscd.comm, or ask an administrator.") \
	X(NO_READERS, "no-readers", CW_ON(READER), FAIL, 3,                             \
	  "找不到讀卡機 (0x8010002E)", "No card reader found (0x8010002E)",             \
	  "讀卡機功能檢測失敗，請確認讀卡機是否已連接電腦且驅動程式是否已經正確安裝；可以換另一台讀卡機或另一個 USB 埠試試。", \
	  "The reader check failed: make sure the reader is plugged in and its driver is installed; try another reader or another USB port.") \
	X(READER_NOT_FOUND, "reader-not-found", CW_ON(READER), FAIL, 3,                 \
	  "找不到指定的讀卡機", "The named reader is not there",                         \
	  "--reader 指定的讀卡機不在清單中。請確認名稱，或不加 --reader 查看全部讀卡機。", \
	  "The reader given with --reader is not listed. Check the name, or run without --reader to see them all.") \
	X(NO_DRIVER, "no-driver", CW_ON(DRIVER), FAIL, 3,                               \
	  "讀卡機沒有驅動程式", "Reader has no driver",                                  \
	  "USB 上有讀卡機，但 pcscd 沒有列出它。請安裝驅動程式 (sudo apt install libccid) 後重新插拔讀卡機；若仍無法使用，請換一台讀卡機。", \
	  "A reader is on USB but pcscd does not list it. Install the driver (sudo apt install libccid) and re-plug the reader; if it still fails, try another reader.") \
	X(NO_USB_READER, "no-usb-reader", CW_ON(DRIVER), FAIL, 3,                       \
	  "沒有接上讀卡機", "No reader is plugged in",                                   \
	  "讀卡服務沒有列出讀卡機，USB 上也沒有任何讀卡機。請把讀卡機插牢 (讀卡機的燈應會亮)、換一個 USB 埠 (不要接在沒有電源的集線器)，或換另一台讀卡機試試。", \
	  "pcscd lists no reader and there is no reader on USB either. Plug the reader in firmly (its light should come on), try another USB port (not an unpowered hub), or try another reader.") \
	X(READER_MISBEHAVES, "reader-misbehaves", CW_ON(DRIVER), WARN, 3,               \
	  "這台讀卡機常有問題", "This reader is known to misbehave",                     \
	  "讀卡機有驅動程式，但這個型號常有無法讀卡或斷線的回報。若讀卡時出錯，請換另一台讀卡機 (例如 libccid 支援清單中的 CCID 讀卡機)。", \
	  "The reader has a driver, but this model is often reported to fail to read cards or to drop out. If reading fails, use another reader (a CCID reader from libccid's supported list).") \
	X(READER_NOT_LISTED, "reader-not-listed", CW_ON(DRIVER), FAIL, 3,               \
	  "讀卡機有驅動程式卻沒有列出", "The reader has a driver but is not listed",       \
	  "USB 上的讀卡機有驅動程式 (libccid 支援它)，但讀卡服務 pcscd 沒有列出它。請拔下讀卡機再插上；仍然不行時重新啟動讀卡服務：sudo systemctl restart pcscd", \
	  "The reader on USB has a driver (libccid supports it), but pcscd does not list it. Unplug the reader and plug it in again; if that does not help, restart the service: sudo systemctl restart pcscd") \
	X(MODULE_MISSING, "module-missing", CW_ON(DRIVER), FAIL, 1,                     \
	  "找不到 PKCS#11 模組", "PKCS#11 module not found",                            \
	  "簽章元件需要 PKCS#11 模組才能使用卡片。一般卡片請安裝 opensc-pkcs11；自然人憑證請安裝內政部提供的 HiCOS 元件。", \
	  "The signing component needs a PKCS#11 module to use the card. For most cards install opensc-pkcs11; for a MOICA citizen card install MOICA's HiCOS component.") \
	X(NO_CARD, "no-card", CW_ON(CARD), FAIL, 2,                                     \
	  "未偵測到卡片", "No card detected",                                            \
	  "請插入卡片：晶片朝上、朝讀卡機方向插到底。請確認插入的是自然人憑證卡，而不是健保卡或金融卡。", \
	  "Insert the card, chip first and facing the right way, all the way in. Make sure it is the certificate card, not another chip card.") \
	X(CARD_MUTE, "card-mute", CW_ON_CARD_WORK, FAIL, 2,                                 \
	  "卡片沒有回應", "The card does not answer",                                    \
	  "卡片有電源但不回應指令。請先確認插入的是自然人憑證卡，而且方向正確 (晶片朝讀卡機接點、插到底)；取出卡片擦拭晶片後重新插入；換另一台讀卡機試試。若確定沒有插錯卡仍然讀不到，卡片可能已損毀，需至任一戶政事務所換新卡。", \
	  "The card is powered but does not answer. First make sure it is the certificate card, inserted the right way (chip towards the reader's contacts, all the way in); take it out, wipe the chip and insert it again; try another reader. If you are sure it is the right card, inserted the right way, and it still cannot be read, the card may be broken: get a new card at any household registration office.") \
	X(CARD_REMOVED, "card-removed", CW_ON_CARD_WORK | CW_ON_ACTION, FAIL, 2, \
	  "卡片在作業中被取出", "The card was removed during the work",                  \
	  "請重新插入卡片，作業完成前不要取出。若卡片一直接觸不良，請換一台讀卡機試試。", \
	  "Insert the card again and leave it in until the work is done. If it keeps losing contact, try another reader.") \
	X(PROTOCOL_MISMATCH, "protocol-mismatch", CW_ON(CARD), FAIL, 2,                 \
	  "讀卡機無法與卡片溝通 (0x8010000F)", "Reader and card cannot agree on a protocol (0x8010000F)", \
	  "卡片的回應 (ATR) 無法使用。請先確認插入的是自然人憑證卡，而且方向正確 (晶片朝讀卡機接點、插到底)；換另一台讀卡機試試。若確定沒有插錯卡仍然讀不到，卡片可能已損毀，需至任一戶政事務所換新卡。", \
	  "The card's answer to reset (ATR) is not usable. First make sure it is the certificate card, inserted the right way (chip towards the reader's contacts, all the way in); try another reader. If you are sure it is the right card, inserted the right way, and it still cannot be read, the card may be broken: get a new card at any household registration office.") \
	X(CARD_UNKNOWN, "card-unknown", CW_ON(CARD), WARN, 2,                           \
	  "無法辨識的卡片", "Card not recognised",                                       \
	  "這張卡片不在已知清單中。請確認插入的是憑證卡且方向正確。", \
	  "This card is not in the known lists. Make sure it is your certificate card and inserted the right way.") \
	X(CARD_UNSUPPORTED, "card-unsupported", CW_ON(CARD), FAIL, 2,                   \
	  "卡片無法使用", "Card cannot be used",                                         \
	  "卡片有回應，但回應內容錯誤。請先確認插入的是自然人憑證卡，而且方向正確；換另一台讀卡機試試。若確定沒有插錯卡仍然讀不到，卡片可能已損毀，需至任一戶政事務所換新卡。",         \
	  "The card answers, but with errors. First make sure it is the certificate card, inserted the right way; try another reader. If you are sure it is the right card, inserted the right way, and it still cannot be read, the card may be broken: get a new card at any household registration office.") \
	X(CARD_IN_USE, "card-in-use", CW_ON(CARD), FAIL, 2,                             \
	  "卡片被其他程式占用 (0x8010000B)", "Another program holds the card (0x8010000B)", \
	  "另一個程式獨占了卡片，所以讀不到。說明欄列出可能的程式。GnuPG 的 scdaemon：執行 gpgconf --kill scdaemon，並在 ~/.gnupg/scdaemon.conf 加入 disable-ccid 與 pcsc-shared；瀏覽器：關閉所有視窗；另一個 cardwiz：結束它。然後再檢測一次。", \
	  "Another program has taken the card for itself, so it cannot be read. The remark names the likely programs. GnuPG's scdaemon: run gpgconf --kill scdaemon, and add disable-ccid and pcsc-shared to ~/.gnupg/scdaemon.conf; a browser: close all its windows; another cardwiz: quit it. Then check again.") \
	X(MODULE_LOAD_FAILED, "module-load-failed", CW_ON_MODULE_WORK, FAIL, 1,             \
	  "PKCS#11 模組無法載入", "PKCS#11 module failed to load",                       \
	  "模組檔案損毀或不是 PKCS#11 模組。請重新安裝簽章元件 (opensc-pkcs11 或 HiCOS)。", \
	  "The module file is damaged or not a PKCS#11 module. Reinstall the signing middleware (opensc-pkcs11 or HiCOS).") \
	X(MODULE_HUNG, "module-hung", CW_ON_MODULE_WORK | CW_ON_ACTION, FAIL, 1,          \
	  "PKCS#11 模組沒有回應", "The PKCS#11 module hangs",                            \
	  "卡片仍可正常回應，但 PKCS#11 模組 (讀卡元件) 卡住不動。請重新啟動讀卡服務 (sudo systemctl restart pcscd) 後再試；若仍卡住，請重新安裝該元件，或告知其廠商。", \
	  "The card still answers, but the PKCS#11 module (the card middleware) hangs. Restart the smart-card service (sudo systemctl restart pcscd) and try again; if it still hangs, reinstall the middleware or tell its vendor.") \
	X(MODULE_CRASHED, "module-crashed", CW_ON_MODULE_WORK | CW_ON_ACTION, FAIL, 1,    \
	  "PKCS#11 模組異常終止", "The PKCS#11 module crashed",                          \
	  "卡片仍可正常回應，但 PKCS#11 模組 (讀卡元件) 在作業中異常終止 (cardwiz 本身不受影響)。請重新安裝該元件或更新版本；若仍發生，請告知其廠商。", \
	  "The card still answers, but the PKCS#11 module (the card middleware) crashed during the work (cardwiz itself is unharmed). Reinstall or update the middleware; if it keeps crashing, tell its vendor.") \
	X(NO_TOKEN, "no-token", CW_ON(MODULE), FAIL, 2,                                 \
	  "模組看不到卡片", "The module does not see the card",                          \
	  "PKCS#11 模組已載入，但看不到這張卡片上的憑證。請先確認插入的是您的憑證卡，而且方向正確；換另一台讀卡機試試；確認模組適用這張卡片 (可用 --module 指定)。若確定沒有插錯卡仍然讀不到，卡片可能已損毀，需至任一戶政事務所換新卡。", \
	  "The PKCS#11 module loaded but sees no token on this card. First make sure it is your certificate card, inserted the right way; try another reader; check the module suits the card (name one with --module). If you are sure it is the right card, inserted the right way, and it still cannot be read, the card may be broken: get a new card at any household registration office.") \
	X(NOT_A_CERTIFICATE_CARD, "not-a-certificate-card", CW_ON(MODULE), FAIL, 2,      \
	  "這不是自然人憑證卡", "This is not a certificate card",                        \
	  "讀卡機裡的卡片不是憑證卡 (例如健保卡或金融卡)：卡片上沒有任何憑證。請取出它，插入您的自然人憑證 IC 卡，晶片朝讀卡機接點、插到底。若確定插入的就是憑證卡，請換另一台讀卡機試試；仍讀不到時，卡片可能已損毀，需至任一戶政事務所換新卡。", \
	  "The card in the reader is not a certificate card (a health-insurance or bank card, for example): it holds no certificate. Take it out and insert your citizen-certificate card, chip towards the reader's contacts, all the way in. If you are sure it is your certificate card, try another reader; if it still cannot be read, the card may be broken: get a new one at any household registration office.") \
	X(NEEDS_VENDOR_MODULE, "needs-vendor-module", CW_ON(MODULE), FAIL, 1,           \
	  "需要發卡單位的元件", "The issuer's middleware is needed",                     \
	  "這是中華電信製發的卡片 (自然人憑證等)，OpenSC 無法讀取。請安裝內政部憑證管理中心提供的 HiCOS 卡片管理工具與元件：https://moica.nat.gov.tw/PublishCert.html", \
	  "This is a Chunghwa Telecom card (such as a MOICA citizen card), which OpenSC cannot read. Install MOICA's HiCOS card tool and middleware: https://moica.nat.gov.tw/PublishCert.html") \
	X(TOKEN_UNINITIALIZED, "token-uninitialized", CW_ON(TOKEN), FAIL, 2,            \
	  "卡片尚未初始化", "Token not initialised",                                     \
	  "這個 token 沒有初始化，沒有 PIN 也沒有憑證。請選擇正確的卡片或模組。", \
	  "This token is not initialised: no PIN, no certificates. Pick the right card or module.") \
	X(PIN_LOCKED, "pin-locked", CW_ON(TOKEN) | CW_ON(PIN) | CW_ON_ACTION, FAIL, 5,  \
	  "PIN 碼已鎖定", "PIN locked",                                                  \
	  "PIN 碼輸入錯誤已達上限，卡片已鎖定。不要再嘗試 PIN 碼；請依解鎖方式辦理 (鎖卡解碼)。", \
	  "Too many wrong PINs: the card is locked. Do not try the PIN again; unlock it through the unlock routes.") \
	X(PIN_FINAL_TRY, "pin-final-try", CW_ON(TOKEN), WARN, 5,                        \
	  "只剩最後一次 PIN 嘗試", "Only one PIN try left",                              \
	  "再輸入錯誤一次卡片就會鎖定。若不確定 PIN 碼，請不要再試，改用鎖卡解碼重設 PIN 碼。", \
	  "One more wrong PIN locks the card. If you are not sure of the PIN, do not try it: reset it through the unlock route instead.") \
	X(PIN_COUNT_LOW, "pin-count-low", CW_ON(TOKEN), WARN, 5,                        \
	  "PIN 碼曾輸入錯誤", "A wrong PIN was entered",                                 \
	  "卡片記錄到錯誤的 PIN 碼嘗試，剩餘次數已減少。請確認 PIN 碼後再試。", \
	  "The card counted a wrong PIN; fewer tries are left. Be sure of the PIN before trying again.") \
	X(PIN_TO_BE_CHANGED, "pin-to-be-changed", CW_ON(TOKEN), WARN, 0,                \
	  "PIN 碼需要變更", "PIN must be changed",                                       \
	  "卡片要求先變更 PIN 碼 (例如仍是預設值)。請先變更 PIN 碼。", \
	  "The card asks for the PIN to be changed first (for example it is still the default). Change the PIN.") \
	X(PIN_INCORRECT, "pin-incorrect", CW_ON(PIN) | CW_ON_ACTION, FAIL, 5,                         \
	  "PIN 碼錯誤", "Wrong PIN",                                                     \
	  "卡片拒絕這個 PIN 碼，剩餘嘗試次數已減少。cardwiz 不會再送出同一個 PIN 碼。忘記 PIN 碼時請用鎖卡解碼重設，不要猜測。", \
	  "The card refused this PIN and counted a try. cardwiz will not send the same PIN again. If you forgot it, reset it through the unlock route; do not guess.") \
	X(PIN_NOT_ALLOWED, "pin-not-allowed", CW_ON(PIN) | CW_ON_ACTION, WARN, 5,       \
	  "PIN 碼未送出 (保護)", "PIN not sent (guard)",                                 \
	  "為了保護卡片，這個 PIN 碼沒有送到卡片：可能長度或字元不符，或只剩最後一次嘗試 (需要明確確認)。", \
	  "To protect the card this PIN was not sent: its length or characters do not fit the card, or only one try is left (that needs an explicit confirmation).") \
	X(REFUSED_FINAL_TRY, "refused-final-try", CW_ON(PIN) | CW_ON_ACTION, WARN, 5,   \
	  "未送出：只剩最後一次機會 (需要確認)", "Not sent: the last try needs a confirmation", \
	  "卡片現在只剩最後一次嘗試 (或卡片不告訴剩幾次)，再錯一次就會鎖定，所以沒有送出。確定沒有打錯，請明確確認後再送一次；不確定時不要試，改用解鎖管道重設。", \
	  "The card is down to its last try (or does not say how many are left): one more wrong entry locks it, so nothing was sent. If you are sure, confirm explicitly and send again; if not, do not try: reset it through the unlock route.") \
	X(REFUSED_BY_PROFILE, "refused-by-profile", CW_ON(PIN) | CW_ON_ACTION, SKIP, 5, \
	  "未送出：這張卡片只能經官方管道變更或解鎖", "Not sent: this card is changed or unlocked only through its official routes", \
	  "這張卡片的 PIN 碼只能用發卡單位提供的方式變更或解鎖 (自然人憑證：內政部憑證管理中心)；用其他軟體可能使卡片永久鎖死。cardwiz 沒有對卡片送出任何指令。", \
	  "This card's PIN is changed or unlocked only the issuer's way (MOICA cards: MOICA's own routes); other software can lock the card for good. cardwiz sent nothing to the card.") \
	X(SKIPPED_NO_PIN, "skipped-no-pin", CW_ON(PIN) | CW_ON(CRYPT) | CW_ON(SIGN), SKIP, 0, \
	  "未提供 PIN 碼", "No PIN given",                                               \
	  "這一項需要 PIN 碼。在精靈中輸入 PIN 碼，或以 --pin-fd 提供。", \
	  "This check needs the PIN. Type it in the wizard, or give it with --pin-fd.") \
	X(DECRYPT_FAILED, "decrypt-failed", CW_ON(CRYPT), FAIL, 2,                      \
	  "卡片解密失敗", "Decryption on the card failed",                               \
	  "以加密憑證加密的資料，卡片無法解回。卡片金鑰可能損毀，請至戶政事務所換發新卡。", \
	  "The card could not decrypt data encrypted to its encryption certificate. The key may be damaged: get a new card.") \
	X(KEY_MISSING, "key-missing", CW_ON(CRYPT) | CW_ON(SIGN), FAIL, 2,              \
	  "卡片上沒有對應的私密金鑰", "No matching private key on the card",             \
	  "卡片上有憑證但沒有對應的金鑰，無法簽章或解密。請換發新卡。", \
	  "The card has the certificate but not its key, so it cannot sign or decrypt. Get a new card.") \
	X(SIGN_FAILED, "sign-failed", CW_ON(SIGN), FAIL, 2,                             \
	  "卡片簽章失敗", "Signing on the card failed",                                  \
	  "卡片無法製作可驗證的簽章。請重新插入卡片再試；若仍失敗，請換發新卡。", \
	  "The card did not make a signature that verifies. Re-insert the card and try again; if it still fails, get a new card.") \
	X(CERT_EXPIRED, "cert-expired", CW_ON_CERTS, FAIL, 4,                           \
	  "憑證已過期", "Certificate expired",                                           \
	  "卡片上的憑證已過期，公文系統無法使用。自然人憑證：可辦理憑證展期 (限一次，延長 3 年；可申請的期間請見 https://moica.nat.gov.tw/)，已展期過的請至戶政事務所換發新卡。其他卡片：請洽發卡單位。之後在公文系統重新匯入憑證。", \
	  "The certificate on the card has expired and the document system will refuse it. A MOICA citizen card: renew the certificate (展期, once, for 3 years; when you may apply: see https://moica.nat.gov.tw/), or, once renewed already, get a new card at a household registration office. Another card: ask its issuer. Then import the certificate again in the document system.") \
	X(CERT_EXPIRING, "cert-expiring", CW_ON_CERTS, WARN, 4,                         \
	  "憑證即將到期", "Certificate expires soon",                                    \
	  "憑證將在 30 天內到期。自然人憑證：請儘早辦理憑證展期 (限一次，延長 3 年；可申請的期間請見 https://moica.nat.gov.tw/) 或換發新卡。其他卡片：請洽發卡單位。", \
	  "The certificate expires within 30 days. A MOICA citizen card: renew it soon (展期, once, for 3 years; when you may apply: see https://moica.nat.gov.tw/) or get a new card. Another card: ask its issuer.") \
	X(CERT_NOT_YET_VALID, "cert-not-yet-valid", CW_ON_CERTS, FAIL, 4,               \
	  "憑證尚未生效", "Certificate not yet valid",                                   \
	  "憑證在一天內才會生效：可能是今天剛發的卡，或是電腦的時間稍慢。請等到生效時間 (見檢測結果) 再試，並檢查電腦的日期與時間。", \
	  "The certificate starts within the next day: a card issued today, or this computer's clock is a little behind. Try again once it starts (the result shows when), and check this computer's date and time.") \
	X(CLOCK_SUSPECT, "clock-suspect", CW_ON_CERTS, FAIL, 0,                         \
	  "電腦的日期時間可能不對", "This computer's date and time look wrong",           \
	  "卡片的憑證尚未生效超過一天，或是所有憑證都已過期超過一年：最可能是這台電腦的日期或時間不對，而不是卡片的問題。請對照檢測結果中電腦的日期，用 timedatectl 查看，並以 sudo timedatectl set-ntp true 自動校時 (或由管理者設定正確日期)，然後再檢測一次。日期正確時憑證才真的無效：請辦理展期或換發新卡。", \
	  "A certificate on the card starts more than a day from now, or every certificate ended over a year ago: most likely this computer's date or time is wrong, not the card. Compare the computer's date in the result with today's, look with timedatectl, and set it right with sudo timedatectl set-ntp true (or ask the administrator), then check again. Only when the date is right are the certificates really invalid: renew them or get a new card.") \
	X(CERT_MISSING, "cert-missing", CW_ON_CERTS, FAIL, 4,                           \
	  "卡片上找不到憑證", "No certificate on the card",                              \
	  "卡片上沒有這種用途的憑證。請確認是正確的卡片；新卡請先完成開卡。", \
	  "The card has no certificate for this use. Check it is the right card.") \
	X(CERT_INVALID, "cert-invalid", CW_ON_CERTS, FAIL, 2,                           \
	  "憑證內容損毀", "Certificate damaged",                                         \
	  "卡片上有這種用途的憑證，但內容無法解讀 (損毀或格式錯誤)，公文系統無法使用。請至任一戶政事務所換發新卡。", \
	  "The card holds a certificate for this use, but its content cannot be read (damaged or malformed): the document system cannot use it. Get a new card at any household registration office.") \
	X(SIGNER_NOT_RUNNING, "signer-not-running", CW_ON(SIGNER), FAIL, 1,             \
	  "簽章元件未執行", "Signing component not running",                              \
	  "精靈檔設定的本機簽章元件 (例如自然人憑證的 HiPKI Local Server，127.0.0.1:61161) 沒有在聽。請安裝並啟動它 (在 /usr/local/HiPKILocalSignServerApp 執行 ./start.sh)；插上讀卡機後要重新啟動它；並允許公文系統網站的彈出視窗。然後關閉並重新開啟瀏覽器。", \
	  "The local signing bridge the wizard file names (such as MOICA's HiPKI Local Server, 127.0.0.1:61161) is not listening. Install and start it (./start.sh in /usr/local/HiPKILocalSignServerApp); restart it after plugging in a reader; allow pop-ups for the document system's site. Then close and reopen the browser.") \
	X(NO_SIGNER_CONFIGURED, "no-signer-configured", CW_ON(SIGNER), SKIP, 0,          \
	  "未設定本機簽章元件", "No local signing bridge configured",                     \
	  "精靈檔沒有設定本機簽章元件，所以不檢測。", \
	  "The wizard file names no local signing bridge, so there is nothing to check.") \
	X(SIGNER_EXPECTED, "signer-expected", CW_ON(SIGNER), WARN, 1,                     \
	  "自然人憑證的網頁簽章元件沒有執行", "MOICA's browser signing bridge is not running", \
	  "網頁上用自然人憑證簽章需要 HiPKI Local Server (跨平台網頁元件，127.0.0.1:61161)，它沒有執行。若這台電腦要在網頁上簽章：請從內政部憑證管理中心網站安裝它，在 /usr/local/HiPKILocalSignServerApp 執行 ./start.sh 啟動；插上讀卡機後要重新啟動它 (它只在啟動時尋找讀卡機)；並允許網站的彈出視窗。不在這台電腦的網頁上簽章時可以不理會。", \
	  "Signing on web pages with a MOICA card needs HiPKI Local Server (127.0.0.1:61161), and it is not running. If this computer signs on web pages: install it from MOICA's site and start it with ./start.sh in /usr/local/HiPKILocalSignServerApp; restart it after plugging in a reader (it looks for readers only when it starts); allow pop-ups for the site. If nobody signs on web pages here, ignore this.") \
	X(SIGNER_OUTDATED, "signer-outdated", CW_ON(SIGNER), WARN, 1,                     \
	  "簽章元件版本過舊", "Signing bridge outdated",                                   \
	  "本機簽章元件的版本比網站要求的舊 (HiPKI Local Server 在 Linux 至少要 1.3.4.3)。請從內政部憑證管理中心網站下載新版安裝，再以 ./start.sh 重新啟動。", \
	  "The local signing bridge is older than the site requires (HiPKI Local Server needs at least 1.3.4.3 on Linux). Download and install the new version from MOICA's site, then start it again with ./start.sh.") \
	X(SIGNER_SILENT, "signer-silent", CW_ON(SIGNER), WARN, 1,                         \
	  "簽章元件沒有回應", "The signing bridge does not answer",                       \
	  "有程式在簽章元件的埠上等待連線，卻不回應網頁的要求 (連它的首頁都沒有回應)。請結束簽章元件後重新啟動 (HiPKI Local Server：在 /usr/local/HiPKILocalSignServerApp 執行 ./start.sh)；仍沒有回應時，看說明欄列出的程式是不是它。", \
	  "Something listens on the signing bridge's port but does not answer a page's request (not even its front page). Quit the bridge and start it again (HiPKI Local Server: ./start.sh in /usr/local/HiPKILocalSignServerApp); if it still does not answer, check that the program the remark names is the bridge.") \
	X(NEW_CARD, "new-card", CW_ON(CERT_IMPORT), WARN, 4,                            \
	  "換了新卡或新憑證", "New card or new certificate",                             \
	  "同一個人換了卡片或憑證。請在公文系統：插入卡片，點選「個人」→「個人資訊」→ 憑證匯入，先按「刪除」再按「匯入」，直到顯示「已匯入」。", \
	  "The same person has a new card or certificate. In the document system: insert the card, open Personal (個人) → Personal info (個人資訊) → certificate import (憑證匯入), press Delete (刪除) then Import (匯入) until it says Imported (已匯入).") \
	X(NEW_CARD_FIRST_VISIT, "new-card-first-visit", CW_ON(CERT_IMPORT), PASS, 4,    \
	  "第一次看到的新憑證", "New certificates, seen for the first time",             \
	  "第一次看到這個人，而卡片的憑證在 30 天內才開始生效：多半是剛換的新卡。公文系統可能還留著舊卡的憑證而無法使用這張卡：請在公文系統點選「個人」→「個人資訊」→ 憑證匯入，先按「刪除」再按「匯入」，直到顯示「已匯入」。已經匯入過的話就不必再做。", \
	  "This person is seen here for the first time, and the card's certificates began within the last 30 days: most likely a new card. The document system may still hold the old card's certificate and refuse this one: in the document system open Personal (個人) → Personal info (個人資訊) → certificate import (憑證匯入), press Delete (刪除) then Import (匯入) until it says Imported (已匯入). If it is already imported, there is nothing to do.") \
	X(PIN_CHANGED, "pin-changed", CW_ON_ACTION, PASS, 0,                            \
	  "PIN 碼已變更", "PIN changed", "請記住新的 PIN 碼，不要告訴任何人。", \
	  "Remember the new PIN and never tell it to anyone.")                         \
	X(PIN_CHANGE_FAILED, "pin-change-failed", CW_ON_ACTION, FAIL, 5,                 \
	  "PIN 碼沒有變更", "The PIN was not changed",                                   \
	  "目前的 PIN 碼正確 (沒有計入錯誤次數)，但模組不接受變更，說明欄列出它的回應碼。PIN 碼仍是原來的。請用發卡單位提供的工具變更，或洽發卡單位。", \
	  "The current PIN is right (no try was counted), but the module refused the change; the remark gives its return code. The PIN stays as it was. Change it with the issuer's own tool, or ask the card's issuer.") \
	X(UNLOCK_OK, "unlock-ok", CW_ON_ACTION, PASS, 5,                                \
	  "已解除鎖定", "Unlocked", "卡片已解鎖並設定新的 PIN 碼。請記住新的 PIN 碼。", \
	  "The card is unlocked with the new PIN. Remember it.")                       \
	X(PUK_INCORRECT, "puk-incorrect", CW_ON_ACTION, FAIL, 5,                        \
	  "PUK 錯誤", "Wrong PUK",                                                       \
	  "卡片拒絕這個解鎖碼 (PUK)，剩餘次數已減少。請向發卡單位確認解鎖碼。", \
	  "The card refused this unblock code (PUK) and counted a try. Check the code with the card's issuer.") \
	X(PUK_LOCKED, "puk-locked", CW_ON_ACTION, FAIL, 5,                              \
	  "PUK 已鎖定", "PUK locked",                                                    \
	  "解鎖碼也已鎖定，只有發卡單位能處理。請聯絡發卡單位。", \
	  "The unblock code is locked too: only the card's issuer can help now.")       \
	X(UNLOCK_REFUSED_BY_MODULE, "unlock-refused-by-module", CW_ON_ACTION, FAIL, 5,  \
	  "模組設定不允許解鎖", "The module is set up to refuse unlocking",              \
	  "OpenSC 的預設設定不允許經由 PKCS#11 以 PUK 解鎖。可在 opensc.conf 的 app default { pkcs11 { ... } } 區段加入 user_pin_unblock_style = set_pin_in_unlogged_session;，或改用 pkcs15-tool --unblock-pin。", \
	  "OpenSC's default configuration refuses a PUK unblock through PKCS#11. Add user_pin_unblock_style = set_pin_in_unlogged_session; to the pkcs11 block (app default { pkcs11 { ... } }) of opensc.conf, or use pkcs15-tool --unblock-pin.") \
	X(UNLOCK_OFFICIAL_ONLY, "unlock-official-only", CW_ON_ACTION, SKIP, 5,          \
	  "只能經官方管道解鎖", "Only the official routes can unlock this card",         \
	  "自然人憑證的解鎖由內政部憑證管理中心的伺服器檢查用戶代碼，用其他軟體變更或解鎖 PIN 碼可能使卡片永久鎖死。cardwiz 不會對卡片送出任何解鎖指令。", \
	  "A MOICA card's user code is checked by MOICA's servers, and changing or unlocking the PIN with other software can lock the card for good. cardwiz sends nothing to the card to unlock it.") \
	X(EXPORT_OK, "export-ok", CW_ON_ACTION, PASS, 0, "憑證已匯出", "Certificates exported", "", "") \
	X(EXPORT_FAILED, "export-failed", CW_ON_ACTION, FAIL, 0,                        \
	  "憑證匯出失敗", "Export failed",                                               \
	  "無法寫入檔案。請確認路徑與權限，且檔案不存在。", \
	  "The file could not be written. Check the path and permissions, and that the file does not exist yet.")

enum cw_code {
#define CW_CODE_ENUM(e, id, where, st, faq, zt, et, za, ea) CW_CODE_##e,
	CW_CODES(CW_CODE_ENUM)
#undef CW_CODE_ENUM
	CW_CODE_COUNT
};

const char *cw_code_id(enum cw_code c);
int cw_code_from_id(const char *id); /* -1 when unknown */
enum cw_status cw_code_status(enum cw_code c);
int cw_code_faq(enum cw_code c);
unsigned cw_code_where(enum cw_code c); /* its CW_ON_* bits */
/* May this check give this code? Defined with the check table (src/probe/checks.c), which
 * knows the checks that work the card or a module. */
int cw_code_belongs(enum cw_code c, enum cw_check check);
int cw_code_is_action(enum cw_code c);
/* After this code from the card check (a silent, pulled or held card, a lost service) no module
 * goes near the card until the card check finds it answering again: the checker and the engine's
 * full test both keep module work away (doc/DESIGN.md §7). */
int cw_code_keeps_module_away(enum cw_code c);
const char *cw_code_title(enum cw_code c);  /* in the current language */
const char *cw_code_advice(enum cw_code c); /* in the current language, for the card of the moment */
/* The card of the moment, for the advice: its profile's unlock kind (enum cw_unlock), or -1 while
 * no card is known (the advice is then the FAQ's, MOICA's). The engine sets it as cards come. */
void cw_code_advice_card(int unlock);

#endif
