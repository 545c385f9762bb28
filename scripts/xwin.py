"""The few Xlib calls the benchmark and the desktop tests need, through ctypes: no package
beyond libX11, which GTK already pulls in.

- list the top-level windows with their name, owner pid (`_NET_WM_PID`) and map state;
- close a window the way a window manager does when the user clicks its close button
  (a `WM_PROTOCOLS`/`WM_DELETE_WINDOW` client message), which `xdotool windowclose` is not
  (that destroys the X window behind the client's back);
- tell whether a window shows more than a flat background (its UI has been painted).
"""

import ctypes
import hashlib
import sys
from ctypes import (
    CFUNCTYPE,
    POINTER,
    Structure,
    Union,
    byref,
    c_char_p,
    c_int,
    c_long,
    c_uint,
    c_ulong,
    c_void_p,
)

Window = c_ulong
Atom = c_ulong

IS_VIEWABLE = 2
CLIENT_MESSAGE = 33
Z_PIXMAP = 2
ANY_PROPERTY_TYPE = 0
XA_CARDINAL = 6


class XWindowAttributes(Structure):
    _fields_ = [
        ("x", c_int),
        ("y", c_int),
        ("width", c_int),
        ("height", c_int),
        ("border_width", c_int),
        ("depth", c_int),
        ("visual", c_void_p),
        ("root", Window),
        ("class_", c_int),
        ("bit_gravity", c_int),
        ("win_gravity", c_int),
        ("backing_store", c_int),
        ("backing_planes", c_ulong),
        ("backing_pixel", c_ulong),
        ("save_under", c_int),
        ("colormap", c_ulong),
        ("map_installed", c_int),
        ("map_state", c_int),
        ("all_event_masks", c_long),
        ("your_event_mask", c_long),
        ("do_not_propagate_mask", c_long),
        ("override_redirect", c_int),
        ("screen", c_void_p),
    ]


class ClientMessageData(Union):
    _fields_ = [("b", ctypes.c_char * 20), ("s", ctypes.c_short * 10), ("l", c_long * 5)]


class XClientMessageEvent(Structure):
    _fields_ = [
        ("type", c_int),
        ("serial", c_ulong),
        ("send_event", c_int),
        ("display", c_void_p),
        ("window", Window),
        ("message_type", Atom),
        ("format", c_int),
        ("data", ClientMessageData),
    ]


class XEvent(Union):
    _fields_ = [("xclient", XClientMessageEvent), ("pad", c_long * 24)]


class XImage(Structure):
    _fields_ = [
        ("width", c_int),
        ("height", c_int),
        ("xoffset", c_int),
        ("format", c_int),
        ("data", c_void_p),
        ("byte_order", c_int),
        ("bitmap_unit", c_int),
        ("bitmap_bit_order", c_int),
        ("bitmap_pad", c_int),
        ("depth", c_int),
        ("bytes_per_line", c_int),
        ("bits_per_pixel", c_int),
    ]


ERROR_HANDLER = CFUNCTYPE(c_int, c_void_p, c_void_p)


class Display:
    """One connection to the X server named by $DISPLAY."""

    def __init__(self):
        try:
            lib = ctypes.cdll.LoadLibrary("libX11.so.6")
        except OSError as error:
            raise RuntimeError(f"cannot load libX11 ({error}); install libx11-6") from error
        self.lib = lib
        lib.XOpenDisplay.restype = c_void_p
        lib.XOpenDisplay.argtypes = [c_char_p]
        lib.XDefaultRootWindow.restype = Window
        lib.XDefaultRootWindow.argtypes = [c_void_p]
        lib.XInternAtom.restype = Atom
        lib.XInternAtom.argtypes = [c_void_p, c_char_p, c_int]
        lib.XQueryTree.argtypes = [
            c_void_p,
            Window,
            POINTER(Window),
            POINTER(Window),
            POINTER(POINTER(Window)),
            POINTER(c_uint),
        ]
        lib.XGetWindowAttributes.argtypes = [c_void_p, Window, POINTER(XWindowAttributes)]
        lib.XGetWindowProperty.argtypes = [
            c_void_p,
            Window,
            Atom,
            c_long,
            c_long,
            c_int,
            Atom,
            POINTER(Atom),
            POINTER(c_int),
            POINTER(c_ulong),
            POINTER(c_ulong),
            POINTER(c_void_p),
        ]
        lib.XFree.argtypes = [c_void_p]
        lib.XSendEvent.argtypes = [c_void_p, Window, c_int, c_long, POINTER(XEvent)]
        lib.XFlush.argtypes = [c_void_p]
        lib.XSync.argtypes = [c_void_p, c_int]
        lib.XGetImage.restype = POINTER(XImage)
        lib.XGetImage.argtypes = [c_void_p, Window, c_int, c_int, c_uint, c_uint, c_ulong, c_int]
        lib.XDestroyImage.argtypes = [POINTER(XImage)]
        lib.XCloseDisplay.argtypes = [c_void_p]
        # Windows come and go while we look at them: a BadWindow must not end this process
        # (Xlib's default handler exits).
        self._on_error = ERROR_HANDLER(lambda _display, _event: 0)
        lib.XSetErrorHandler(self._on_error)
        self.dpy = lib.XOpenDisplay(None)
        if not self.dpy:
            raise RuntimeError("cannot open the X display $DISPLAY")
        self.root = lib.XDefaultRootWindow(self.dpy)
        self.atoms = {
            name: lib.XInternAtom(self.dpy, name.encode(), 0)
            for name in ("_NET_WM_PID", "_NET_WM_NAME", "UTF8_STRING", "WM_NAME",
                         "WM_PROTOCOLS", "WM_DELETE_WINDOW")
        }

    def close_display(self):
        if self.dpy:
            self.lib.XCloseDisplay(self.dpy)
            self.dpy = None

    def children(self, window):
        root, parent = Window(), Window()
        kids = POINTER(Window)()
        count = c_uint()
        if not self.lib.XQueryTree(self.dpy, window, byref(root), byref(parent), byref(kids),
                                   byref(count)):
            return []
        found = [kids[i] for i in range(count.value)]
        if kids:
            self.lib.XFree(kids)
        return found

    def _property(self, window, atom, kind=ANY_PROPERTY_TYPE, length=1024):
        actual_type, actual_format = Atom(), c_int()
        items, after = c_ulong(), c_ulong()
        data = c_void_p()
        status = self.lib.XGetWindowProperty(
            self.dpy, window, atom, 0, length, 0, kind, byref(actual_type),
            byref(actual_format), byref(items), byref(after), byref(data))
        if status != 0 or not data.value:
            return None, 0, 0
        try:
            if actual_format.value == 32:
                values = ctypes.cast(data, POINTER(c_long))
                return [values[i] for i in range(items.value)], 32, actual_type.value
            size = items.value * (actual_format.value // 8)
            return ctypes.string_at(data, size), actual_format.value, actual_type.value
        finally:
            self.lib.XFree(data)

    def pid(self, window):
        values, fmt, _ = self._property(window, self.atoms["_NET_WM_PID"], XA_CARDINAL, 1)
        return values[0] if fmt == 32 and values else None

    def name(self, window):
        for atom in ("_NET_WM_NAME", "WM_NAME"):
            value, fmt, _ = self._property(window, self.atoms[atom])
            if fmt == 8 and value is not None:
                return value.decode("utf-8", "replace")
        return None

    def attributes(self, window):
        attrs = XWindowAttributes()
        if not self.lib.XGetWindowAttributes(self.dpy, window, byref(attrs)):
            return None
        return attrs

    def toplevels(self):
        """The root's children that have a name or an owner: [{id, name, pid, viewable, w, h}]."""
        found = []
        for window in self.children(self.root):
            name, pid = self.name(window), self.pid(window)
            if name is None and pid is None:
                continue
            attrs = self.attributes(window)
            if attrs is None:
                continue
            found.append({
                "id": window,
                "name": name,
                "pid": pid,
                "viewable": attrs.map_state == IS_VIEWABLE,
                "width": attrs.width,
                "height": attrs.height,
            })
        return found

    def request_close(self, window):
        """What a window manager sends when the user clicks the close button."""
        event = XEvent()
        event.xclient.type = CLIENT_MESSAGE
        event.xclient.window = window
        event.xclient.message_type = self.atoms["WM_PROTOCOLS"]
        event.xclient.format = 32
        event.xclient.data.l[0] = self.atoms["WM_DELETE_WINDOW"]
        event.xclient.data.l[1] = 0  # CurrentTime
        sent = self.lib.XSendEvent(self.dpy, window, 0, 0, byref(event))
        self.lib.XSync(self.dpy, 0)
        return bool(sent)

    def picture(self, window, width, height):
        """The window's pixels as (bytes, bytes per line), 4 bytes a pixel (blue, green, red,
        unused), or None if unreadable."""
        if width <= 0 or height <= 0:
            return None
        image = self.lib.XGetImage(self.dpy, window, 0, 0, width, height, 0xFFFFFFFFFFFFFFFF,
                                   Z_PIXMAP)
        if not image:
            return None
        try:
            img = image.contents
            if img.bits_per_pixel != 32 or not img.data:
                return None
            return ctypes.string_at(img.data, img.bytes_per_line * img.height), img.bytes_per_line
        finally:
            self.lib.XDestroyImage(image)

    def look(self, window, width, height):
        """(a digest of the window's pixels, the pixels as `picture` gives them), or
        (None, None) if unreadable: the digest tells whether anything changed since the last
        look."""
        seen = self.picture(window, width, height)
        if seen is None:
            return None, None
        return hashlib.blake2b(seen[0], digest_size=16).digest(), seen


def colours(pixels, width, height, enough, step=4):
    """How many different colours a sample of the pixels has, counting no further than
    `enough`. A flat background has one or two, a drawn UI with text has many."""
    raw, per_line = pixels
    found = set()
    for row in range(0, height, step):
        line = raw[row * per_line: row * per_line + width * 4]
        for col in range(0, len(line), 4 * step):
            found.add(line[col:col + 3])
        if len(found) >= enough:
            break
    return len(found)


def differing_pixels(a, b, width, height, limit):
    """How many pixels differ between two pictures of the same window (as `Display.picture`
    gives them); counting stops once it passes `limit`."""
    (raw_a, per_line), (raw_b, _) = a, b
    if raw_a == raw_b:
        return 0
    count = 0
    for row in range(height):
        start = row * per_line
        line_a = raw_a[start:start + width * 4]
        line_b = raw_b[start:start + width * 4]
        if line_a == line_b:
            continue
        count += sum(1 for col in range(0, width * 4, 4)
                     if line_a[col:col + 3] != line_b[col:col + 3])
        if count > limit:
            break
    return count


def main(argv):
    """`xwin.py close PID`: the close request, to every shown top-level window of process PID
    (for the desktop tests). Exits 1 when PID shows no window."""
    if len(argv) != 3 or argv[1] != "close" or not argv[2].isdigit():
        print("usage: xwin.py close PID", file=sys.stderr)
        return 2
    display = Display()
    windows = [w for w in display.toplevels() if w["pid"] == int(argv[2]) and w["viewable"]]
    for window in windows:
        display.request_close(window["id"])
    print(f"close requested for {len(windows)} window(s) of process {argv[2]}")
    return 0 if windows else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
