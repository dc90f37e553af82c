;;; init.el --- Headless Emacs with eglot as an LSP client of the topo server  -*- lexical-binding: t -*-
;; Opens TOPO_EMACS_FILE (samples/mistakes.topo), starts eglot on it, then records as JSON in
;; TOPO_EMACS_RESULTS: the diagnostics flymake lists, a workload lens's command run with
;; `eglot-execute-command' (and what the server showed), and the TOPO302 quick fix applied with
;; `eglot-code-actions' (the buffer line after it, and whether flymake still lists TOPO302).
;; Emacs 28 with Debian's elpa-eglot (1.9), or Emacs 29+ (eglot built in):
;;
;;   TOPO_SERVER=dist/server.js TOPO_EMACS_FILE=/abs/mistakes.topo TOPO_EMACS_RESULTS=/tmp/r.json \
;;     emacs --batch -Q -l test/emacs/init.el

(require 'package)
;; Debian's elpa-* packages (eglot 1.9 and the jsonrpc, flymake, project, xref and eldoc it needs) live here.
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'eglot)
(require 'json)
(require 'cl-lib)

(defvar topo-results nil "What the test records, an alist written as JSON.")
(defvar topo-shown nil "Messages the server showed (window/showMessage), newest first.")

(defun topo-record (key value) (push (cons key value) topo-results))

(defun topo-wait (predicate seconds)
  "Let the server's messages in until PREDICATE holds or SECONDS pass; the last value of PREDICATE."
  (let ((deadline (+ (float-time) seconds)) value)
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    value))

(define-derived-mode topo-mode prog-mode "Topo"
  "Major mode for .topo files."
  (setq-local comment-start "// "))
(add-to-list 'auto-mode-alist '("\\.topo\\'" . topo-mode))
(add-to-list 'eglot-server-programs `(topo-mode . ("node" ,(getenv "TOPO_SERVER") "--stdio")))

(advice-add 'eglot-handle-notification :before
            (lambda (_server method &rest params)
              (when (eq method 'window/showMessage) (push (plist-get params :message) topo-shown))))

(defun topo-codes ()
  "The code of each diagnostic flymake lists (eglot puts it in the message: `topo [TOPO302]: ...')."
  (mapcar (lambda (d) (let ((text (flymake-diagnostic-text d)))
                        (if (string-match "\\[\\(TOPO[0-9]+\\)\\]" text) (match-string 1 text) text)))
          (flymake-diagnostics)))

(defun topo-run ()
  (find-file (getenv "TOPO_EMACS_FILE"))
  (topo-record 'mode (symbol-name major-mode))
  (topo-record 'emacs emacs-version)
  ;; `eglot-ensure' waits for a command loop that batch mode lacks: eglot is started directly.
  (apply #'eglot (eglot--guess-contact))
  (let ((server (topo-wait #'eglot-current-server 30)))
    (unless server (error "eglot did not connect"))
    (topo-record 'server (plist-get (eglot--server-info server) :name))
    (topo-record 'codes (vconcat (topo-wait (lambda () (topo-codes)) 30)))
    ;; A workload lens: eglot draws none, so its command is run as a client's lens would run it.
    (let* ((lenses (jsonrpc-request server :textDocument/codeLens `(:textDocument ,(eglot--TextDocumentIdentifier))))
           (lens (cl-find-if (lambda (l) (equal (plist-get (plist-get l :command) :command) "topo.showBreakdown"))
                             lenses))
           (command (plist-get lens :command)))
      (topo-record 'lens_title (plist-get command :title))
      (when command
        (let ((result (eglot-execute-command server (intern (plist-get command :command))
                                             (plist-get command :arguments))))
          (topo-record 'lens_result result)
          (topo-record 'lens_shown (topo-wait (lambda () (car topo-shown)) 5)))))
    ;; The TOPO302 quick fix, picked from eglot's menu of code actions by its title.
    (let ((diag (cl-find-if (lambda (d) (string-match-p "\\[TOPO302\\]" (flymake-diagnostic-text d)))
                            (flymake-diagnostics)))
          (offered nil))
      (when diag
        (let ((line (line-number-at-pos (flymake-diagnostic-beg diag)))
              (last-nonmenu-event 'batch))
          (cl-letf (((symbol-function 'completing-read)
                     (lambda (_prompt items &rest _)
                       (setq offered (mapcar #'car items))
                       (or (cl-find-if (lambda (title) (string-match-p "Gb/s" title)) offered) (car offered)))))
            (eglot-code-actions (flymake-diagnostic-beg diag) (flymake-diagnostic-end diag) nil t))
          ;; What idle timers do in an interactive Emacs (batch mode is never idle): send the change, run flymake.
          (eglot--signal-textDocument/didChange)
          (flymake-start)
          (topo-record 'fix_offered (vconcat offered))
          (topo-record 'fix_line (save-excursion
                                   (goto-char (point-min))
                                   (forward-line (1- line))
                                   (buffer-substring-no-properties (line-beginning-position) (line-end-position))))
          (topo-record 'fix_still_reported
                       (if (topo-wait (lambda () (not (member "TOPO302" (topo-codes)))) 15) :json-false t)))))))

(condition-case err
    (topo-run)
  (error (topo-record 'error (error-message-string err))))
(with-temp-file (getenv "TOPO_EMACS_RESULTS")
  (insert (json-encode topo-results)))
(ignore-errors (eglot-shutdown (eglot-current-server)))
(kill-emacs (if (assq 'error topo-results) 1 0))
