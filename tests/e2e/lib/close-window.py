#!/usr/bin/python3
"""Closes a process's windows the way a click on the title bar's × does.

Sends WM_DELETE_WINDOW to each top-level X window whose _NET_WM_PID is the given process: GTK
takes it as the close button, so the app hears CloseRequested and exits as it would for a user
(a WebDriver session's end kills it instead). Debian: python3-xlib.

    close-window.py PID
"""
import sys

from Xlib import X, display, protocol


def main():
    pid = int(sys.argv[1])
    disp = display.Display()
    root = disp.screen().root
    wm_protocols = disp.intern_atom('WM_PROTOCOLS')
    wm_delete = disp.intern_atom('WM_DELETE_WINDOW')
    net_wm_pid = disp.intern_atom('_NET_WM_PID')
    closed = 0
    for window in root.query_tree().children:
        owner = window.get_full_property(net_wm_pid, X.AnyPropertyType)
        if not owner or owner.value[0] != pid:
            continue
        if wm_delete not in (window.get_wm_protocols() or []):
            continue
        message = protocol.event.ClientMessage(
            window=window, client_type=wm_protocols, data=(32, [wm_delete, X.CurrentTime, 0, 0, 0]))
        window.send_event(message, event_mask=X.NoEventMask)
        closed += 1
    disp.flush()
    if closed == 0:
        sys.exit(f'close-window: no window of process {pid} can be closed (WM_DELETE_WINDOW)')


if __name__ == '__main__':
    main()
