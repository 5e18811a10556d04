;;; emacs-check.el --- Policy Lens in Emacs (eglot), headless  -*- lexical-binding: t -*-
;;
;; The third real LSP client of the e2e suite: Debian's emacs-nox with elpa-eglot, run in
;; batch mode by emacs-check.sh. One Emacs session, one server (node dist/server.js --stdio),
;; as a user would set it up (the README's Emacs snippet): eglot on text-mode and
;; markdown-mode buffers, no settings sent. It opens the e2e workspace's briefs and checks,
;; through eglot's own requests and Emacs's own front ends:
;;   - hover (textDocument/hover at the word, positions as eglot computes them);
;;   - definition (xref, eglot's backend): the file and line of the passage;
;;   - outline (imenu, eglot's documentSymbol index);
;;   - diagnostics (flymake, published by the server);
;;   - no protocol warning: nothing in *Messages* or *Warnings* from eglot, and no error
;;     in the JSON-RPC events (a request one side could not handle).
;; Waits poll a condition (accept-process-output), never a fixed time.
;; Prints one PASS/FAIL line per check, then "N passed, N failed"; exits 1 on any failure.
;; Env: PL_ROOT (the repository), LSP_TIMEOUT_S (per wait, default 60).

(require 'cl-lib)
(require 'subr-x)
(let ((eglot-dir (car (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/eglot-*"))))
  (when eglot-dir (add-to-list 'load-path eglot-dir)))
(require 'eglot)
(require 'xref)
(require 'imenu)
(require 'flymake)

(defvar pl-root (file-name-as-directory (or (getenv "PL_ROOT") default-directory)))
(defvar pl-workspace (expand-file-name "test/e2e/workspace/" pl-root))
(defvar pl-timeout (string-to-number (or (getenv "LSP_TIMEOUT_S") "60")))
(defvar pl-passed 0)
(defvar pl-failed 0)

;; A Markdown mode as users have one (markdown-mode is not in emacs-nox): eglot names the
;; language after the mode, so the server sees languageId "markdown".
(unless (fboundp 'markdown-mode)
  (define-derived-mode markdown-mode text-mode "Markdown"))
(add-to-list 'auto-mode-alist '("\\.md\\'" . markdown-mode))
(add-to-list 'auto-mode-alist '("\\.txt\\'" . text-mode))

;; The README's snippet, with the server of this checkout.
(setq eglot-server-programs
      `(((markdown-mode text-mode) . ("node" ,(expand-file-name "dist/server.js" pl-root) "--stdio"))))
(setq project-find-functions (list (lambda (_dir) (cons 'transient pl-workspace))))
(setq eglot-sync-connect pl-timeout
      eglot-connect-timeout pl-timeout
      eglot-autoshutdown nil)

(defun pl-manage ()
  "What `eglot-ensure' does after a command (batch mode runs no command loop): start or join
the project's server for this buffer."
  (unless (eglot-current-server)
    (apply #'eglot (eglot--guess-contact))))

(defun pl-wait (pred what)
  "Process events until PRED is true; nil after `pl-timeout' seconds (WHAT for the log)."
  (let ((deadline (+ (float-time) pl-timeout)) (v nil))
    (while (and (not (setq v (ignore-errors (funcall pred)))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (unless v (message "emacs-check: waited %ss for %s" pl-timeout what))
    v))

(defun pl-report (ok label &optional detail)
  (if ok (cl-incf pl-passed) (cl-incf pl-failed))
  (princ (format "%s emacs %s%s\n" (if ok "PASS" "FAIL") label
                 (if (and detail (not ok)) (format "\n  got: %s" detail) "")))
  ok)

(defun pl-contains-all (text expected)
  (and text (cl-every (lambda (e) (string-search e text)) expected)))

(defun pl-open (file)
  "Visit FILE of the workspace, wait until eglot manages it and the index is ready."
  (find-file (expand-file-name file pl-workspace))
  (pl-manage)
  (pl-wait (lambda () (eglot-current-server)) (format "eglot to manage %s" file))
  (pl-wait (lambda ()
             (equal (plist-get (jsonrpc-request (eglot-current-server) :policyLens/status nil) :state) "ready"))
           "policyLens/status ready")
  (current-buffer))

(defun pl-goto-word (word)
  (goto-char (point-min))
  (search-forward word)
  (goto-char (1+ (match-beginning 0))))

(defun pl-hover-text ()
  "The hover's Markdown at point, through eglot's own position conversion."
  (let* ((result (jsonrpc-request (eglot-current-server) :textDocument/hover (eglot--TextDocumentPositionParams)))
         (contents (plist-get result :contents)))
    (cond ((stringp contents) contents)
          ((plist-get contents :value))
          (t (format "%S" contents)))))

(defun pl-check-hover (file word expected)
  (with-current-buffer (pl-open file)
    (pl-goto-word word)
    (let (text)
      (pl-wait (lambda () (pl-contains-all (setq text (pl-hover-text)) expected)) (format "hover on %s" word))
      (pl-report (pl-contains-all text expected) (format "hover %s \"%s\" contains %S" file word expected) text))))

(defun pl-check-definition (file word expected)
  (with-current-buffer (pl-open file)
    (pl-goto-word word)
    (let* ((items (xref-backend-definitions 'eglot (xref-backend-identifier-at-point 'eglot)))
           (text (mapconcat (lambda (item)
                              (let ((loc (xref-item-location item)))
                                (format "%s:%s: %s" (file-name-nondirectory (xref-location-group loc))
                                        (xref-location-line loc) (xref-item-summary item))))
                            items "\n")))
      (pl-report (pl-contains-all text expected) (format "definition (xref) %s \"%s\" contains %S" file word expected) text))))

(defun pl-imenu-names (index &optional prefix)
  "Flatten an imenu INDEX into \"Parent > Child\" names."
  (cl-loop for (name . rest) in index
           for full = (if prefix (concat prefix " > " name) name)
           if (imenu--subalist-p (cons name rest)) append (cons full (pl-imenu-names rest full))
           else collect full))

(defun pl-check-imenu (file expected)
  (with-current-buffer (pl-open file)
    (let* ((index (funcall imenu-create-index-function))
           (names (delete-dups (pl-imenu-names index)))
           (text (string-join names "\n")))
      (pl-report (pl-contains-all text expected) (format "imenu (documentSymbol) %s contains %S" file expected) text))))

(defun pl-check-flymake (file expected)
  (with-current-buffer (pl-open file)
    (let (text)
      (pl-wait (lambda ()
                 (setq text (mapconcat #'flymake-diagnostic-text (flymake-diagnostics) "\n"))
                 (pl-contains-all text expected))
               "flymake diagnostics")
      (pl-report (pl-contains-all text expected) (format "flymake %s contains %S" file expected) text))))

(defun pl-check-no-warnings ()
  "Nothing eglot warned about, and no JSON-RPC error either way."
  (let* ((messages (with-current-buffer (messages-buffer) (buffer-string)))
         (warnings (if (get-buffer "*Warnings*") (with-current-buffer "*Warnings*" (buffer-string)) ""))
         (events (mapconcat (lambda (server)
                              (with-current-buffer (jsonrpc-events-buffer server) (buffer-string)))
                            (cl-loop for servers being the hash-values of eglot--servers-by-project append servers)
                            "\n"))
         (bad (append (cl-remove-if-not (lambda (l) (string-match-p "\\[eglot\\].*\\(warning\\|unsupported\\|error\\)" l))
                                        (split-string messages "\n"))
                      (unless (string-empty-p (string-trim warnings)) (list warnings))
                      (cl-remove-if-not (lambda (l) (string-match-p "ERROR\\|:error" l)) (split-string events "\n")))))
    (pl-report (null bad) "no protocol warning (messages, warnings, JSON-RPC events)" (string-join bad "\n"))))

(condition-case err
    (progn
      (pl-check-hover "brief.md" "VUFO" '("Liên hiệp các tổ chức hữu nghị Việt Nam" "Vận dụng linh hoạt đường lối đối ngoại của Đảng"))
      (pl-check-hover "brief.md" "ĐCSVN" '("Đảng Cộng sản Việt Nam"))
      (pl-check-hover "brief.md" "Nghị quyết 34" '("34-NQ/TW"))
      (pl-check-definition "brief.md" "Nghị quyết 34" '("002_a85f37c5d9189d9a.txt:75:" "Nghị quyết số 34-NQ/TW ngày 9/1/2023"))
      (pl-check-definition "brief.md" "VUFO" '("004_a7945d2b60266b08.txt:54:" "Liên hiệp các tổ chức hữu nghị Việt Nam (VUFO)"))
      ;; no settings sent: the server's default outline gives the # headings too
      (pl-check-imenu "brief.md" '("Bản tin chính sách: đẩy mạnh đối ngoại nhân dân giai đoạn 2021-2025" "Bối cảnh" "Đề xuất"))
      (pl-check-imenu "brief.txt" '("I. Bối cảnh" "I. Bối cảnh > 1. Kết quả đạt được" "I. Bối cảnh > 2. Hạn chế" "II. Đề xuất > 1. Về tổ chức thực hiện"))
      (pl-check-flymake "brief.md" '("XYZQ"))
      (pl-check-no-warnings))
  (error (pl-report nil (format "session: %S" err))))

(princ (format "%d passed, %d failed\n" pl-passed pl-failed))
(ignore-errors (eglot-shutdown-all))
(kill-emacs (if (> pl-failed 0) 1 0))
