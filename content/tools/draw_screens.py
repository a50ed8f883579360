#!/usr/bin/python3
"""Draws the illustrative phone screens of the hocso-co-ban lessons.

ONE-OFF GENERATOR, NOT PART OF THE BUILD. The PNGs it writes are committed under
content/lessons/<id>/screens/; the build never runs this script. Run it again
only when a picture must change, then check the overlay rectangles it prints
against the `screens:` front matter of each lesson.

Needs Debian's python3-pil and fonts-dejavu-core (`apt-get install -y
python3-pil fonts-dejavu-core`); run it with the system Python:

    /usr/bin/python3 content/tools/draw_screens.py

The pictures are wireframes, not copies of real apps: they show only the button
and menu names that docs/writers.md allows, placeholder data ("Nguyễn Văn A",
"000000000000", "0xx xxx xxxx") and a visible "MINH HỌA" (illustration) mark.
Grey bars stand for text we do not reproduce. Tone marks: old style ("họa").
"""

import math
import pathlib
import unicodedata

from PIL import Image, ImageDraw, ImageFont

ROOT = pathlib.Path(__file__).resolve().parents[1] / "lessons"
WIDTH, HEIGHT = 540, 1170
FONT_DIR = pathlib.Path("/usr/share/fonts/truetype/dejavu")

INK = (33, 33, 33)
GREY = (200, 204, 209)
LIGHT = (238, 240, 243)
APP_BLUE = (31, 78, 121)
BUTTON_BLUE = (23, 105, 170)
GREEN = (46, 139, 87)
RED = (200, 40, 40)
BADGE_YELLOW = (255, 214, 0)
WHITE = (255, 255, 255)


def font(size, bold=False):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size)


def nfc(text):
    return unicodedata.normalize("NFC", text)


class Screen:
    """One phone screen; remembers the overlay rectangles [x, y, w, h]."""

    def __init__(self, title=None):
        self.image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
        self.draw = ImageDraw.Draw(self.image)
        self.highlight = []
        self.redact = []
        self.draw.rectangle([0, 0, WIDTH, 40], fill=INK)  # status bar, no text
        if title:
            self.draw.rectangle([0, 40, WIDTH, 120], fill=APP_BLUE)
            self.text_center(nfc(title), 80, font(30, bold=True), WHITE)
        self.bottom_note()

    def badge(self):
        """The "MINH HỌA" mark, drawn last so that nothing covers it."""
        f = font(24, bold=True)
        label = nfc("MINH HỌA")
        w = self.draw.textlength(label, font=f)
        x0, y0 = WIDTH - w - 44, 136
        self.draw.rounded_rectangle([x0, y0, WIDTH - 16, y0 + 44], 8, fill=BADGE_YELLOW,
                                    outline=INK, width=2)
        self.draw.text((x0 + 14, y0 + 8), label, font=f, fill=INK)

    def bottom_note(self):
        self.draw.rectangle([0, HEIGHT - 56, WIDTH, HEIGHT], fill=BADGE_YELLOW)
        self.text_center(nfc("Hình minh họa, không phải ảnh chụp thật"), HEIGHT - 28,
                         font(20, bold=True), INK)

    def text_center(self, text, y, f, fill, x_center=WIDTH / 2):
        self.draw.text((x_center, y), text, font=f, fill=fill, anchor="mm")

    def wrap(self, text, f, max_width):
        lines, line = [], ""
        for word in nfc(text).split():
            candidate = f"{line} {word}".strip()
            if self.draw.textlength(candidate, font=f) <= max_width:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
        return lines

    def grey_bars(self, x, y, widths, height=16, gap=14):
        """Stand-ins for text the lesson does not reproduce."""
        for w in widths:
            self.draw.rounded_rectangle([x, y, x + w, y + height], 6, fill=GREY)
            y += height + gap
        return y

    def field(self, x, y, w, h, value, icon=None):
        self.draw.rounded_rectangle([x, y, x + w, y + h], 10, fill=LIGHT, outline=GREY, width=2)
        tx = x + 20
        if icon:
            icon(self, x + 18, y + h // 2 - 14)
            tx = x + 70
        self.draw.text((tx, y + h / 2), nfc(value), font=font(28), fill=INK, anchor="lm")
        return [x, y, w, h]

    def button(self, x, y, w, h, label, fill=BUTTON_BLUE, size=26):
        self.draw.rounded_rectangle([x, y, x + w, y + h], 14, fill=fill)
        f = font(size, bold=True)
        lines = self.wrap(label, f, w - 40)
        line_height = size + 8
        top = y + h / 2 - line_height * (len(lines) - 1) / 2
        for i, line in enumerate(lines):
            self.text_center(line, top + i * line_height, f, WHITE, x + w / 2)
        return [x, y, w, h]

    def bubble(self, x, y, w, text, fill=LIGHT, size=26, color=INK):
        f = font(size)
        lines = self.wrap(text, f, w - 40)
        h = 28 + len(lines) * (size + 10)
        self.draw.rounded_rectangle([x, y, x + w, y + h], 18, fill=fill)
        for i, line in enumerate(lines):
            self.draw.text((x + 20, y + 16 + i * (size + 10)), line, font=f, fill=color)
        return [x, y, w, h]

    def save(self, lesson, name):
        self.badge()
        path = ROOT / lesson / "screens" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        # A small palette keeps the files small; the drawings use few colours.
        self.image.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
        print(f"  screens/{name}:   # {path.stat().st_size} bytes")
        for kind in ("highlight", "redact"):
            rects = getattr(self, kind)
            if rects:
                print(f"    {kind}: {[list(map(int, r)) for r in rects]}")


# --- small pictograms --------------------------------------------------------

def id_card_icon(s, x, y):
    s.draw.rounded_rectangle([x, y, x + 40, y + 28], 4, outline=INK, width=2)
    s.draw.ellipse([x + 5, y + 7, x + 15, y + 17], fill=INK)
    s.draw.line([x + 20, y + 10, x + 35, y + 10], fill=INK, width=2)
    s.draw.line([x + 20, y + 18, x + 35, y + 18], fill=INK, width=2)


def phone_icon(s, x, y):
    s.draw.rounded_rectangle([x + 10, y - 2, x + 30, y + 32], 4, outline=INK, width=2)
    s.draw.line([x + 17, y + 27, x + 23, y + 27], fill=INK, width=2)


def lock_icon(s, x, y):
    s.draw.rounded_rectangle([x + 6, y + 12, x + 34, y + 32], 3, fill=INK)
    s.draw.arc([x + 11, y - 2, x + 29, y + 22], 180, 360, fill=INK, width=3)


def person_icon(s, x, y, size, color=GREY):
    s.draw.ellipse([x + size * 0.3, y, x + size * 0.7, y + size * 0.4], fill=color)
    s.draw.pieslice([x, y + size * 0.45, x + size, y + size * 1.4], 180, 360, fill=color)


def handset_icon(s, cx, cy, start_angle):
    """A phone handset: a thick half ring with round ends."""
    r = 30
    s.draw.arc([cx - r, cy - r, cx + r, cy + r], start_angle, start_angle + 180, fill=WHITE,
               width=14)
    for a in (start_angle, start_angle + 180):
        ex = cx + (r - 7) * math.cos(math.radians(a))
        ey = cy + (r - 7) * math.sin(math.radians(a))
        s.draw.ellipse([ex - 13, ey - 13, ex + 13, ey + 13], fill=WHITE)


def arrow_label():
    return "→"


def next_button(s, y):
    """The arrow button that moves to the next step (returned for `highlight`)."""
    return s.button(40, y, 460, 90, arrow_label(), size=40)


def store_page(app, app_icon, name_size, more_bars, magnifier=True):
    """An app store's page of one app: the search, its icon and name, and the
    install button (returned for `highlight`)."""
    s = Screen()
    s.field(30, 60, 480, 66, app)
    if magnifier:
        s.draw.ellipse([440, 76, 470, 106], outline=INK, width=3)
        s.draw.line([466, 102, 480, 116], fill=INK, width=4)
    s.draw.rounded_rectangle([40, 230, 160, 350], 24, fill=APP_BLUE)
    app_icon(s)
    s.draw.text((185, 240), app, font=font(name_size, bold=True), fill=INK)
    s.grey_bars(185, 295, [220, 150])
    install = s.button(40, 400, 460, 80, "⬇", fill=GREEN, size=40)
    s.grey_bars(40, 540, [460, 400, 430, 300] + more_bars)
    return s, install


def vneid_store_icon(s):
    s.text_center("VNeID", 290, font(24, bold=True), WHITE, 100)


def password_kinds(s):
    """The four kinds of characters a password needs, as a picture."""
    f = font(34, bold=True)
    for i, sample in enumerate(["A", "a", "1", "@"]):
        x = 60 + i * 110
        s.draw.rounded_rectangle([x, 410, x + 80, 490], 12, outline=APP_BLUE, width=3)
        s.text_center(sample, 450, f, APP_BLUE, x + 40)


def radio_choices(s, top, chosen):
    """Three answers to choose from, the `chosen` one marked."""
    for i in range(3):
        y = top + i * 100
        s.draw.rounded_rectangle([40, y, 500, y + 80], 10, outline=GREY, width=2)
        s.draw.ellipse([60, y + 25, 90, y + 55], outline=INK, width=3)
        if i == chosen:
            s.draw.ellipse([67, y + 32, 83, y + 48], fill=INK)
        s.grey_bars(110, y + 32, [300 - i * 40])


def app_screen(color, name):
    """An app's screen whose top bar in `color` names the bank or the person."""
    s = Screen()
    s.draw.rectangle([0, 40, WIDTH, 130], fill=color)
    s.draw.text((40, 85), nfc(name), font=font(30, bold=True), fill=WHITE, anchor="lm")
    return s


def chat(who, size=30):
    """A message thread; its top bar says who wrote."""
    s = Screen()
    s.draw.rectangle([0, 40, WIDTH, 130], fill=LIGHT)
    s.draw.text((40, 64), who, font=font(size, bold=True), fill=INK)
    return s


def phone_back(s):
    """A phone seen from the back, with its camera."""
    s.draw.rounded_rectangle([150, 200, 390, 680], 36, fill=LIGHT, outline=INK, width=4)
    s.draw.rounded_rectangle([180, 230, 250, 300], 14, outline=INK, width=3)  # camera


def nfc_waves(s, cy):
    """The radio waves of NFC and its name, above the card held to the phone."""
    for r in (40, 70, 100):
        s.draw.arc([270 - r, cy - r, 270 + r, cy + r], 220, 320, fill=BUTTON_BLUE, width=5)
    s.text_center("NFC", 250, font(40, bold=True), BUTTON_BLUE, 330)


def dial_pad_and_call(s):
    """A phone's dial pad and the green call button (highlighted)."""
    f = font(40)
    for i, key in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"]):
        col, row = i % 3, i // 3
        x, y = 60 + col * 150, 420 + row * 120
        s.draw.ellipse([x + 20, y, x + 120, y + 100], fill=LIGHT)
        s.text_center(key, y + 50, f, INK, x + 70)
    call_button(s, 910)


def call_button(s, top):
    """The green call button (highlighted)."""
    s.draw.ellipse([210, top, 330, top + 120], fill=GREEN)
    handset_icon(s, 270, top + 48, 45)
    s.highlight.append([200, top - 10, 140, 140])


def code_asked(service, service_fill, bar_x):
    """An SMS with a code from `service`, and a stranger's message asking for
    it (highlighted, crossed out)."""
    ask = f"“Bác đọc giúp tôi mã {service} vừa gửi về máy.”"
    s = chat("SMS", size=34)
    s.draw.rounded_rectangle([30, 200, 490, 330], 18, fill=LIGHT)
    s.draw.text((54, 222), service, font=font(28, bold=True), fill=service_fill)
    s.grey_bars(bar_x, 232, [200])
    s.grey_bars(54, 280, [360])
    s.draw.text((40, 380), "0xx xxx xxxx", font=font(26, bold=True), fill=INK)
    s.highlight.append(s.bubble(30, 420, 460, ask))
    cross_mark(s, 440, 380, 30)
    return s


# --- lesson 1: cai-dat-vneid -------------------------------------------------

def store_search():
    s, install = store_page("VNeID", vneid_store_icon, 34, [460, 380])
    s.highlight.append(install)
    s.save("cai-dat-vneid", "tim-ung-dung.png")


def welcome():
    s = Screen("VNeID")
    s.draw.ellipse([190, 220, 350, 380], fill=APP_BLUE)
    s.text_center("VNeID", 300, font(30, bold=True), WHITE)
    s.grey_bars(110, 430, [320, 240], height=20)
    s.highlight.append(s.button(40, 760, 460, 110, "Kích hoạt tài khoản định danh điện tử"))
    s.draw.rounded_rectangle([40, 900, 500, 980], 14, outline=BUTTON_BLUE, width=3)
    s.grey_bars(170, 932, [200])
    s.save("cai-dat-vneid", "man-hinh-dau.png")


def id_and_phone():
    s = Screen("VNeID")
    s.grey_bars(40, 220, [300])
    s.redact.append(s.field(40, 270, 460, 80, "000000000000", icon=id_card_icon))
    s.grey_bars(40, 390, [260])
    s.field(40, 440, 460, 80, "0xx xxx xxxx", icon=phone_icon)
    s.highlight.append(next_button(s, 600))
    s.save("cai-dat-vneid", "nhap-so-dinh-danh.png")


def otp():
    s = Screen("VNeID")
    # The SMS as it drops in from the top of the screen.
    s.draw.rounded_rectangle([24, 200, 516, 330], 18, fill=LIGHT, outline=GREY, width=2)
    s.draw.rectangle([48, 228, 92, 258], outline=INK, width=3)  # envelope
    s.draw.line([48, 228, 70, 246, 92, 228], fill=INK, width=3)
    s.draw.text((112, 224), "SMS", font=font(24, bold=True), fill=INK)
    s.draw.text((112, 262), "OTP", font=font(28, bold=True), fill=INK)
    s.grey_bars(190, 272, [200])  # the code itself: its length is not shown
    s.grey_bars(40, 400, [340])
    s.field(40, 450, 460, 80, "OTP")
    s.highlight.append(next_button(s, 600))
    s.save("cai-dat-vneid", "nhap-otp.png")


def password():
    s = Screen("VNeID")
    s.grey_bars(40, 220, [280])
    s.field(40, 270, 460, 80, "••••••••••", icon=lock_icon)
    password_kinds(s)
    s.highlight.append(next_button(s, 600))
    s.save("cai-dat-vneid", "dat-mat-khau.png")


def passcode():
    s = Screen("VNeID")
    s.grey_bars(130, 220, [280])
    dots = []
    for i in range(6):
        x = 95 + i * 62
        filled = i < 2
        s.draw.ellipse([x, 290, x + 38, 328], fill=INK if filled else None, outline=INK, width=3)
        dots.append(x)
    s.highlight.append([75, 270, 390, 78])
    f = font(40)
    keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "", "0", "⌫"]
    for i, key in enumerate(keys):
        col, row = i % 3, i // 3
        x, y = 60 + col * 150, 480 + row * 130
        if key:
            s.draw.ellipse([x + 15, y, x + 125, y + 110], fill=LIGHT)
            s.text_center(key, y + 55, f, INK, x + 70)
    s.save("cai-dat-vneid", "dat-passcode.png")


def security_questions():
    s = Screen("VNeID")
    s.grey_bars(40, 220, [360])
    radio_choices(s, 290, 0)
    s.field(40, 620, 460, 80, "...")
    s.highlight.append(next_button(s, 760))
    s.save("cai-dat-vneid", "cau-hoi-bao-mat.png")


# --- lesson 2: tai-khoan-muc-2 -----------------------------------------------

def approval_sms():
    s = chat("SMS", size=34)
    s.grey_bars(40, 240, [120])
    message = [40, 280, 420, 200]
    s.draw.rounded_rectangle([40, 280, 460, 480], 22, fill=LIGHT)
    s.grey_bars(64, 310, [360, 330, 370, 200])
    s.highlight.append(message)
    s.draw.rounded_rectangle([24, 1020, 516, 1090], 35, outline=GREY, width=2)
    s.save("tai-khoan-muc-2", "tin-nhan-duyet.png")


def electronic_id():
    s = Screen("VNeID")
    s.draw.rounded_rectangle([30, 240, 510, 560], 20, fill=(222, 235, 247), outline=APP_BLUE,
                             width=3)
    s.draw.rectangle([30, 240, 510, 300], fill=APP_BLUE)
    s.draw.rounded_rectangle([30, 240, 510, 300], 20, fill=APP_BLUE)
    s.draw.rectangle([30, 280, 510, 300], fill=APP_BLUE)
    s.grey_bars(60, 262, [200])
    s.draw.rectangle([60, 330, 190, 500], fill=WHITE, outline=GREY, width=2)
    person_icon(s, 80, 350, 90)
    s.draw.text((215, 340), nfc("NGUYỄN VĂN A"), font=font(28, bold=True), fill=INK)
    s.draw.text((215, 400), "000000000000", font=font(30), fill=INK)
    s.redact.append([205, 390, 285, 50])
    s.grey_bars(215, 470, [200, 150])
    s.save("tai-khoan-muc-2", "can-cuoc-dien-tu.png")


def public_procedures():
    s = Screen("VNeID")
    s.highlight.append(vneid_home(s, "Thủ tục hành chính"))
    s.save("tai-khoan-muc-2", "thu-tuc-hanh-chinh.png")


def new_phone_nfc():
    s = Screen()
    # A phone seen from the back, the chip card held against it.
    phone_back(s)
    s.draw.rounded_rectangle([90, 430, 450, 650], 18, fill=(222, 235, 247), outline=APP_BLUE,
                             width=4)
    s.draw.rounded_rectangle([120, 480, 180, 530], 6, fill=BADGE_YELLOW, outline=INK, width=2)
    s.grey_bars(210, 480, [200, 160, 180])
    nfc_waves(s, 380)
    s.save("tai-khoan-muc-2", "doi-dien-thoai.png")


# --- lesson 3: nhan-biet-lua-dao ---------------------------------------------

def scam_call():
    s = Screen()
    s.draw.rectangle([0, 40, WIDTH, HEIGHT - 56], fill=(45, 52, 64))
    person_icon(s, 210, 190, 120, color=(150, 158, 170))
    s.text_center("0xx xxx xxxx", 400, font(40, bold=True), WHITE)
    s.bubble(40, 480, 460, "“Tôi là công an xã. Tôi cần cập nhật địa chỉ của bác sau sáp nhập.”",
             fill=WHITE, size=26)
    # Hang up (red) and answer (green), no words: every phone draws them alike.
    s.draw.ellipse([90, 860, 210, 980], fill=RED)
    handset_icon(s, 150, 932, 180)
    s.draw.ellipse([330, 860, 450, 980], fill=GREEN)
    handset_icon(s, 390, 920, 45)
    s.highlight.append([80, 850, 140, 140])
    s.save("nhan-biet-lua-dao", "cuoc-goi-gia.png")


def scam_link():
    s = chat("0xx xxx xxxx")
    s.bubble(30, 200, 440, "Cài ngay ứng dụng VNeID mới, bấm vào đây:")
    link = s.bubble(30, 340, 440, "http://xxxx.xx/vneid.apk", size=26, color=BUTTON_BLUE)
    s.draw.line([50, 385, 370, 385], fill=BUTTON_BLUE, width=2)
    s.highlight.append(link)
    s.draw.rounded_rectangle([30, 450, 300, 560], 18, fill=LIGHT)
    s.draw.rounded_rectangle([50, 470, 110, 540], 6, outline=INK, width=3)  # file
    s.draw.text((125, 485), "vneid.apk", font=font(26), fill=INK)
    s.highlight.append([30, 450, 270, 110])
    s.save("nhan-biet-lua-dao", "tin-nhan-link-la.png")


def scam_requests():
    s = chat("0xx xxx xxxx")
    first = s.bubble(30, 200, 460, "Bác đọc giúp tôi mã OTP vừa gửi về máy.")
    second = s.bubble(30, first[1] + first[3] + 30, 460, "Bác cho tôi mã passcode VNeID.")
    third = s.bubble(30, second[1] + second[3] + 30, 460,
                     "Bác quay mặt vào điện thoại để tôi quét khuôn mặt.")
    s.highlight.extend([first, second, third])
    s.save("nhan-biet-lua-dao", "xin-ma-otp.png")


# --- shared by the later lessons ---------------------------------------------

def browser(address):
    """A phone browser: the address bar (returned) and grey page text."""
    s = Screen()
    s.draw.rectangle([0, 40, WIDTH, 130], fill=LIGHT)
    bar = [20, 54, 500, 62]
    s.draw.rounded_rectangle([20, 54, 520, 116], 31, fill=WHITE, outline=GREY, width=2)
    lock_icon(s, 34, 70)
    s.draw.text((84, 85), address, font=font(26, bold=True), fill=INK, anchor="lm")
    return s, bar


def vneid_login_button(s, y):
    """A button with the VNeID mark (the app's circle) and no invented wording."""
    s.draw.rounded_rectangle([40, y, 500, y + 100], 14, outline=BUTTON_BLUE, width=3)
    s.draw.ellipse([64, y + 18, 128, y + 82], fill=APP_BLUE)
    s.text_center("ID", y + 50, font(22, bold=True), WHITE, 96)
    s.draw.text((150, y + 50), "VNeID", font=font(30, bold=True), fill=APP_BLUE, anchor="lm")
    return [40, y, 460, 100]


def check_mark(s, x, y, color=GREEN):
    s.draw.line([x, y + 14, x + 12, y + 26, x + 32, y], fill=color, width=6)


def cross_mark(s, x, y, size=36, color=RED):
    s.draw.line([x, y, x + size, y + size], fill=color, width=7)
    s.draw.line([x, y + size, x + size, y], fill=color, width=7)


def face_icon(s, cx, cy, r, color=INK):
    s.draw.ellipse([cx - r, cy - r * 1.2, cx + r, cy + r * 1.2], outline=color, width=5)
    s.draw.ellipse([cx - r * 0.45, cy - r * 0.35, cx - r * 0.2, cy - r * 0.1], fill=color)
    s.draw.ellipse([cx + r * 0.2, cy - r * 0.35, cx + r * 0.45, cy - r * 0.1], fill=color)
    s.draw.arc([cx - r * 0.45, cy, cx + r * 0.45, cy + r * 0.6], 20, 160, fill=color, width=5)


def chip_card(s, x, y, w=260, h=160):
    s.draw.rounded_rectangle([x, y, x + w, y + h], 16, fill=(222, 235, 247), outline=APP_BLUE, width=4)
    s.draw.rounded_rectangle([x + 24, y + 50, x + 84, y + 100], 6, fill=BADGE_YELLOW, outline=INK, width=2)
    s.grey_bars(x + 110, y + 40, [w - 140, w - 170, w - 150])


# --- lesson 4: mat-khau-va-otp -----------------------------------------------

def strong_password():
    s = Screen("VNeID")
    s.grey_bars(40, 220, [280])
    s.field(40, 270, 460, 80, "••••••••••", icon=lock_icon)
    password_kinds(s)
    s.highlight.append([40, 395, 460, 110])
    s.text_center("8 – 20", 570, font(40, bold=True), INK)
    s.save("mat-khau-va-otp", "mat-khau-manh.png")


def otp_asked():
    code_asked("OTP", INK, 140).save("mat-khau-va-otp", "ai-xin-ma-otp.png")


def call_bank():
    s = Screen()
    s.draw.rectangle([0, 40, WIDTH, 130], fill=LIGHT)
    s.draw.rounded_rectangle([40, 200, 500, 360], 18, fill=LIGHT)
    s.draw.rounded_rectangle([64, 236, 144, 316], 12, fill=APP_BLUE)
    lock_icon(s, 84, 258)
    s.draw.text((170, 240), nfc("Ngân hàng"), font=font(32, bold=True), fill=INK)
    s.draw.text((170, 290), "0xx xxx xxxx", font=font(28), fill=INK)
    dial_pad_and_call(s)
    s.save("mat-khau-va-otp", "goi-ngan-hang.png")


# --- lesson 5: sinh-trac-hoc-ngan-hang ---------------------------------------

def card_and_face():
    s = Screen()
    chip_card(s, 140, 220)
    s.text_center("=", 470, font(80, bold=True), INK)
    face_icon(s, 270, 650, 90)
    check_mark(s, 380, 560)
    s.save("sinh-trac-hoc-ngan-hang", "the-va-khuon-mat.png")


def face_scan():
    s = Screen()
    s.draw.rectangle([0, 40, WIDTH, HEIGHT - 56], fill=(45, 52, 64))
    s.draw.ellipse([110, 250, 430, 690], outline=WHITE, width=6)
    person_icon(s, 180, 330, 180, color=(150, 158, 170))
    s.highlight.append([100, 240, 340, 460])
    s.grey_bars(120, 780, [300, 220])
    s.save("sinh-trac-hoc-ngan-hang", "quet-khuon-mat.png")


def large_transfer():
    s = Screen()
    s.draw.rectangle([0, 40, WIDTH, 130], fill=APP_BLUE)
    s.grey_bars(40, 76, [200])
    s.grey_bars(40, 200, [220])
    s.field(40, 240, 460, 80, "Nguyễn Văn A")
    s.grey_bars(40, 360, [160])
    s.field(40, 400, 460, 90, "xx.xxx.xxx đ")
    s.draw.rounded_rectangle([40, 560, 500, 760], 18, fill=LIGHT, outline=APP_BLUE, width=3)
    face_icon(s, 130, 660, 45, color=APP_BLUE)
    s.grey_bars(210, 620, [250, 200, 230])
    s.highlight.append([40, 560, 460, 200])
    s.save("sinh-trac-hoc-ngan-hang", "chuyen-tien-lon.png")


# --- lesson 6: nop-ho-so-dich-vu-cong ----------------------------------------

def site_front(address, bars, box_bottom, box_bars):
    """A site's front page, its address highlighted: grey text and a box."""
    s, bar = browser(address)
    s.highlight.append(bar)
    s.grey_bars(40, 220, bars, height=24)
    s.draw.rounded_rectangle([40, 330, 500, box_bottom], 18, fill=LIGHT)
    s.grey_bars(70, 370, box_bars)
    return s


def portal_front():
    """dichvucong.gov.vn's front page."""
    return site_front("dichvucong.gov.vn", [400, 300], 560, [380, 330, 360, 250])


def long_front(address):
    """A front page with a longer box (binhdanhocvuso.gov.vn, tingia.gov.vn)."""
    return site_front(address, [420, 280], 600, [380, 330, 360, 250, 300])


def public_portal():
    s = portal_front()
    s.grey_bars(40, 620, [460, 420, 440, 380])
    s.save("nop-ho-so-dich-vu-cong", "mo-cong-dich-vu-cong.png")


def site_login(address):
    """A site's page with the button that logs in through VNeID (highlighted)."""
    s, bar = browser(address)
    s.grey_bars(40, 220, [300], height=24)
    s.highlight.append(vneid_login_button(s, 300))
    s.grey_bars(40, 480, [420, 380, 400])
    return s


def portal_login():
    site_login("dichvucong.gov.vn").save("nop-ho-so-dich-vu-cong", "dang-nhap-vneid.png")


def check_form():
    s, bar = browser("dichvucong.gov.vn")
    s.grey_bars(40, 200, [200])
    s.field(40, 240, 460, 80, "Nguyễn Văn A")
    s.grey_bars(40, 360, [200])
    s.redact.append(s.field(40, 400, 460, 80, "000000000000", icon=id_card_icon))
    s.grey_bars(40, 520, [200])
    s.field(40, 560, 460, 80, "0xx xxx xxxx", icon=phone_icon)
    s.highlight.append([30, 230, 480, 420])
    s.save("nop-ho-so-dich-vu-cong", "kiem-tra-thong-tin.png")


# --- lesson 7: hoc-tren-binh-dan-hoc-vu-so -----------------------------------

def learning_site():
    long_front("binhdanhocvuso.gov.vn").save("hoc-tren-binh-dan-hoc-vu-so", "mo-trang-hoc.png")


def learning_login():
    site_login("binhdanhocvuso.gov.vn").save("hoc-tren-binh-dan-hoc-vu-so", "dang-nhap-vneid.png")


def lessons_in_order():
    s, bar = browser("binhdanhocvuso.gov.vn")
    s.grey_bars(40, 200, [260], height=24)
    for i in range(4):
        y = 270 + i * 150
        s.draw.rounded_rectangle([40, y, 500, y + 120], 16, fill=LIGHT if i > 1 else WHITE,
                                 outline=GREY, width=2)
        s.grey_bars(120, y + 40, [260, 180])
        if i == 0:
            check_mark(s, 62, y + 44)
        elif i == 1:
            s.draw.polygon([(66, y + 36), (66, y + 84), (104, y + 60)], fill=BUTTON_BLUE)
            s.highlight.append([40, y, 460, 120])
        else:
            lock_icon(s, 62, y + 42)
    s.save("hoc-tren-binh-dan-hoc-vu-so", "bai-mo-lan-luot.png")


def read_and_watch():
    s, bar = browser("binhdanhocvuso.gov.vn")
    s.grey_bars(40, 200, [420, 440, 380, 410, 300])
    s.draw.rectangle([40, 400, 500, 660], fill=(45, 52, 64))
    s.draw.ellipse([220, 480, 320, 580], fill=WHITE)
    s.draw.polygon([(255, 500), (255, 560), (300, 530)], fill=(45, 52, 64))
    s.highlight.append([40, 400, 460, 260])
    s.grey_bars(40, 700, [420, 380])
    s.save("hoc-tren-binh-dan-hoc-vu-so", "doc-va-xem-video.png")


def final_test():
    s, bar = browser("binhdanhocvuso.gov.vn")
    s.grey_bars(40, 200, [420, 360], height=20)
    radio_choices(s, 300, 1)
    s.highlight.append([30, 290, 480, 290])
    next_button(s, 640)
    s.save("hoc-tren-binh-dan-hoc-vu-so", "bai-kiem-tra.png")


# --- shared by the lessons of issue 17, part A --------------------------------

def vneid_home(s, tile_label=None, tile_index=2):
    """VNeID's home screen as tiles; only the tile the lesson names has words."""
    s.grey_bars(40, 220, [240], height=20)
    target = None
    for i in range(6):
        col, row = i % 2, i // 2
        x, y = 40 + col * 240, 290 + row * 220
        named = tile_label is not None and i == tile_index
        s.draw.rounded_rectangle([x, y, x + 220, y + 190], 18, fill=LIGHT)
        s.draw.rounded_rectangle([x + 80, y + 25, x + 140, y + 85], 12,
                                 fill=APP_BLUE if named else GREY)
        if named:
            f = font(24, bold=True)
            for j, line in enumerate(s.wrap(tile_label, f, 200)):
                s.text_center(line, y + 120 + j * 32, f, INK, x + 110)
            target = [x, y, 220, 190]
        else:
            s.grey_bars(x + 40, y + 120, [140])
    return target


def login_fields(s, top=260):
    """ID number (placeholder, returned for `redact`) and a hidden password."""
    s.grey_bars(40, top - 50, [300])
    id_box = s.field(40, top, 460, 80, "000000000000", icon=id_card_icon)
    s.grey_bars(40, top + 120, [200])
    s.field(40, top + 170, 460, 80, "••••••••", icon=lock_icon)
    return id_box


def vneid_login():
    """VNeID's login: the ID number (redacted) and password, then the arrow."""
    s = Screen("VNeID")
    s.redact.append(login_fields(s))
    s.highlight.append(next_button(s, 580))
    return s


def notice_box(s, y, lines_widths, button_label):
    """A message box with grey text and one named button (returned)."""
    s.draw.rounded_rectangle([30, y, 510, y + 420], 22, fill=WHITE, outline=GREY, width=3)
    s.grey_bars(70, y + 50, lines_widths)
    return s.button(70, y + 290, 400, 90, button_label)


def fingerprint_icon(s, cx, cy, r, color=APP_BLUE):
    for k in range(5):
        rr = r - k * r / 5
        s.draw.arc([cx - rr, cy - rr * 1.2, cx + rr, cy + rr * 1.2], 200, 340 + k * 8,
                   fill=color, width=5)
        s.draw.arc([cx - rr, cy - rr * 1.2, cx + rr, cy + rr * 1.2], 10, 150, fill=color,
                   width=5)


def document_page(s, x, y, w, h, signed=False):
    """A sheet of paper with grey lines; `signed` adds a pen stroke at the bottom."""
    s.draw.rectangle([x, y, x + w, y + h], fill=WHITE, outline=INK, width=3)
    s.grey_bars(x + 30, y + 40, [w - 60, w - 90, w - 70, w - 100, w - 80], height=14, gap=18)
    if signed:
        pts = [(x + w - 200 + i * 12, y + h - 70 + (14 if i % 2 else -10)) for i in range(14)]
        s.draw.line(pts, fill=BUTTON_BLUE, width=4, joint="curve")
    return [x, y, w, h]


def pen_icon(s, x, y, size=60, color=BUTTON_BLUE):
    s.draw.polygon([(x, y + size), (x + 12, y + size - 30), (x + size - 18, y),
                    (x + size, y + 18), (x + 30, y + size - 12)], fill=color)


# --- lesson: chuyen-vneid-sang-may-moi -------------------------------------

MOVE = "chuyen-vneid-sang-may-moi"


def old_and_new_phone(s, left, right, top, bottom, radius, label_y, label_size):
    """The old phone (1, grey) at `left` and the new one (2, blue) at `right`:
    (x0, x1) of each."""
    for x0, x1 in (left, right):
        s.draw.rounded_rectangle([x0, top, x1, bottom], radius, fill=LIGHT, outline=INK, width=4)
    for (x0, x1), label, color in ((left, "1", GREY), (right, "2", APP_BLUE)):
        s.text_center(label, label_y, font(label_size, bold=True), color, (x0 + x1) // 2)


def move_check_nfc():
    s = Screen()
    old_and_new_phone(s, (60, 260), (290, 490), 230, 620, 30, 420, 70)
    s.text_center("NFC", 680, font(44, bold=True), BUTTON_BLUE, 390)
    for r in (30, 55, 80):
        s.draw.arc([390 - r, 300 - r, 390 + r, 300 + r], 220, 320, fill=BUTTON_BLUE, width=5)
    check_mark(s, 370, 740)
    s.highlight.append([280, 220, 220, 560])
    s.save(MOVE, "may-moi-co-nfc.png")


def move_store():
    s, install = store_page("VNeID", vneid_store_icon, 34, [])
    s.highlight.append(install)
    s.save(MOVE, "cai-tren-may-moi.png")


def move_login():
    vneid_login().save(MOVE, "dang-nhap-may-moi.png")


def move_confirm():
    s = Screen("VNeID")
    s.draw.rectangle([0, 120, WIDTH, HEIGHT - 56], fill=(120, 126, 134))
    s.highlight.append(notice_box(s, 330, [340, 380, 300, 360], "Xác nhận"))
    s.save(MOVE, "xac-nhan-thiet-bi-moi.png")


def move_code_old_phone():
    s = Screen()
    # Old phone (left) shows a code, the new phone (right) has the box for it.
    old_and_new_phone(s, (40, 250), (290, 500), 220, 640, 28, 280, 44)
    s.grey_bars(80, 400, [130])  # the code: its digits are not shown
    s.draw.rounded_rectangle([315, 380, 475, 450], 10, fill=WHITE, outline=APP_BLUE, width=3)
    s.draw.line([260, 415, 282, 415], fill=INK, width=5)
    s.draw.polygon([(282, 403), (282, 427), (290, 415)], fill=INK)
    s.highlight.append([305, 370, 180, 90])
    s.save(MOVE, "ma-tren-may-cu.png")


def move_nfc_card():
    s = Screen()
    phone_back(s)
    chip_card(s, 110, 440, w=320, h=200)
    nfc_waves(s, 400)
    s.highlight.append([100, 430, 340, 220])
    s.save(MOVE, "doc-chip-can-cuoc.png")


def move_lost_phone():
    s = Screen()
    s.draw.rectangle([0, 40, WIDTH, 130], fill=LIGHT)
    s.text_center("1900.0368", 300, font(52, bold=True), INK)
    dial_pad_and_call(s)
    s.save(MOVE, "goi-tong-dai.png")


# --- lesson: dang-ky-khai-sinh-vneid ---------------------------------------

BIRTH = "dang-ky-khai-sinh-vneid"
BIRTH_SERVICE = "Đăng ký khai sinh, đăng ký thường trú, cấp thẻ BHYT"


def birth_login():
    vneid_login().save(BIRTH, "dang-nhap-vneid.png")


def birth_procedures():
    s = Screen("VNeID")
    s.highlight.append(vneid_home(s, "Thủ tục hành chính"))
    s.save(BIRTH, "thu-tuc-hanh-chinh.png")


def birth_choose_service():
    s = Screen("VNeID")
    s.grey_bars(40, 220, [260], height=20)
    for i in range(5):
        y = 280 + i * 150
        s.draw.rounded_rectangle([40, y, 500, y + 130], 16, fill=LIGHT, outline=GREY, width=2)
        if i == 1:
            f = font(24, bold=True)
            for j, line in enumerate(s.wrap(BIRTH_SERVICE, f, 420)):
                s.draw.text((64, y + 22 + j * 32), line, font=f, fill=INK)
            s.highlight.append([40, y, 460, 130])
        else:
            s.grey_bars(64, y + 40, [340, 240])
    s.save(BIRTH, "chon-dich-vu-khai-sinh.png")


def birth_fill_form():
    s = Screen("VNeID")
    y = 220
    for i in range(4):
        s.grey_bars(40, y, [180 + (i % 2) * 60])
        s.field(40, y + 40, 460, 76, "Nguyễn Văn A" if i == 0 else "...")
        y += 160
    s.highlight.append([30, 250, 480, 96])
    s.save(BIRTH, "dien-thong-tin.png")


def birth_review():
    s = Screen("VNeID")
    s.grey_bars(40, 200, [260], height=20)
    for y in (260, 450, 640):  # three pages of the form
        document_page(s, 60, y, 420, 160)
    s.highlight.append([40, 245, 460, 570])
    s.save(BIRTH, "doc-lai-to-khai.png")


def birth_submit():
    s = Screen("VNeID")
    s.grey_bars(40, 220, [420, 380, 400, 300])
    s.highlight.append(next_button(s, 560))
    s.save(BIRTH, "nop-ho-so.png")


def birth_child_id():
    s = Screen()
    chip_card(s, 110, 240, w=320, h=200)
    s.text_center("0 – 6", 530, font(56, bold=True), APP_BLUE)
    # A house: the card is brought home.
    s.draw.polygon([(270, 620), (140, 730), (400, 730)], fill=APP_BLUE)
    s.draw.rectangle([170, 730, 370, 880], fill=LIGHT, outline=APP_BLUE, width=4)
    s.draw.rectangle([245, 790, 295, 880], fill=APP_BLUE)
    s.save(BIRTH, "can-cuoc-cho-chau.png")


# --- lesson: ky-so-tren-vneid ----------------------------------------------

SIGN = "ky-so-tren-vneid"


def sign_what_is():
    s = Screen()
    document_page(s, 110, 220, 320, 420, signed=True)
    s.text_center("=", 720, font(70, bold=True), INK)
    pen_icon(s, 240, 800, 70)
    s.save(SIGN, "chu-ky-so-la-gi.png")


def sign_login():
    vneid_login().save(SIGN, "dang-nhap-vneid.png")


def sign_register():
    s = Screen("VNeID")
    chip_card(s, 110, 240, w=320, h=200)
    pen_icon(s, 380, 430, 70)
    s.grey_bars(60, 560, [420, 380, 400])
    s.highlight.append(next_button(s, 720))
    s.save(SIGN, "dang-ky-chung-thu.png")


def sign_read_first():
    s = Screen("VNeID")
    document_page(s, 70, 220, 400, 520)
    s.highlight.append([60, 210, 420, 540])
    s.save(SIGN, "doc-ky-truoc-khi-ky.png")


def sign_confirm():
    s = Screen("VNeID")
    document_page(s, 110, 220, 320, 360, signed=True)
    check_mark(s, 250, 640)
    s.save(SIGN, "ky-xong.png")


def sign_refuse_caller():
    s = chat("0xx xxx xxxx")
    ask = s.bubble(30, 200, 480, "“Bác ký giúp tôi tờ giấy này trong VNeID, nhanh lên.”", size=36)
    s.highlight.append(ask)
    cross_mark(s, 210, ask[1] + ask[3] + 60, 120)
    s.save(SIGN, "nguoi-la-nho-ky.png")


# --- lesson: vnpt-smartca --------------------------------------------------

SMARTCA = "vnpt-smartca"


def smartca_store():
    s, install = store_page("VNPT SmartCA", lambda s: pen_icon(s, 70, 260, 60, color=WHITE), 32,
                            [], magnifier=False)
    s.highlight.append(install)
    s.save(SMARTCA, "cai-smartca.png")


def smartca_fingerprint():
    s = Screen()
    fingerprint_icon(s, 270, 420, 130)
    s.draw.rounded_rectangle([180, 650, 360, 830], 30, outline=INK, width=4)
    face_icon(s, 270, 740, 55, color=INK)
    s.highlight.append([120, 250, 300, 340])
    s.save(SMARTCA, "bat-van-tay.png")


def smartca_activate():
    s = Screen("VNPT SmartCA")
    s.grey_bars(40, 220, [360, 300, 400])
    fingerprint_icon(s, 270, 480, 80)
    s.highlight.append(next_button(s, 680))
    s.save(SMARTCA, "kich-hoat.png")


def smartca_choose_document():
    s = Screen("VNPT SmartCA")
    s.grey_bars(40, 220, [300], height=20)
    s.grey_bars(40, 280, [420, 380, 400])
    target = [170, 480, 200, 200]
    s.draw.rounded_rectangle([170, 480, 370, 680], 24, fill=LIGHT, outline=APP_BLUE, width=4)
    s.draw.rectangle([225, 510, 315, 640], fill=WHITE, outline=INK, width=3)
    s.grey_bars(240, 540, [60, 50, 60], height=10, gap=14)
    s.draw.text((310, 600), "+", font=font(56, bold=True), fill=GREEN)
    f = font(26, bold=True)
    s.text_center(nfc("Chọn tài liệu ký"), 790, f, INK)
    s.highlight.append(target)
    s.save(SMARTCA, "chon-tai-lieu-ky.png")


def smartca_place_signature():
    s = Screen("VNPT SmartCA")
    document_page(s, 60, 200, 420, 560)
    s.draw.rounded_rectangle([260, 640, 460, 730], 10, outline=BUTTON_BLUE, width=4)
    pen_icon(s, 330, 655, 56)
    s.highlight.append(s.button(40, 820, 460, 90, "Hoàn thành"))
    s.save(SMARTCA, "dat-chu-ky.png")


def smartca_confirm():
    s = Screen("VNPT SmartCA")
    s.draw.rectangle([0, 120, WIDTH, HEIGHT - 56], fill=(120, 126, 134))
    s.draw.rounded_rectangle([30, 330, 510, 800], 22, fill=WHITE, outline=GREY, width=3)
    s.grey_bars(70, 380, [340, 280])
    fingerprint_icon(s, 270, 600, 90)
    s.highlight.append([150, 480, 240, 240])
    s.save(SMARTCA, "xac-nhan-ky.png")


def smartca_new_phone():
    s = Screen("VNPT SmartCA")
    s.grey_bars(40, 220, [340], height=20)
    s.grey_bars(40, 280, [420, 380])
    s.highlight.append(s.button(40, 420, 460, 100, "Kích hoạt lại tài khoản"))
    s.grey_bars(40, 580, [400, 360, 420])
    s.save(SMARTCA, "kich-hoat-lai.png")


# Lessons drawn by name and their pictures, in step order; `draw_screens.py ID ...`
# draws only those lessons.
LESSON_SCREENS = {
    MOVE: (move_check_nfc, move_store, move_login, move_confirm, move_code_old_phone,
           move_nfc_card, move_lost_phone),
    BIRTH: (birth_login, birth_procedures, birth_choose_service, birth_fill_form,
            birth_review, birth_submit, birth_child_id),
    SIGN: (sign_what_is, sign_login, sign_register, sign_read_first, sign_confirm,
           sign_refuse_caller),
    SMARTCA: (smartca_store, smartca_fingerprint, smartca_activate, smartca_choose_document,
              smartca_place_signature, smartca_confirm, smartca_new_phone),
}
# --- thanh-toan-vietqr -------------------------------------------------------

def qr_pattern(s, x, y, size):
    """A drawn stand-in for a QR code: the three corner squares and a fixed
    pattern of modules. It encodes nothing, so no phone can scan it."""
    n = 21
    m = size / n
    s.draw.rectangle([x, y, x + size, y + size], fill=WHITE)
    for i in range(n):
        for j in range(n):
            if (i * 7 + j * 11 + i * j) % 5 < 2:
                s.draw.rectangle([x + i * m, y + j * m, x + (i + 1) * m - 1, y + (j + 1) * m - 1],
                                 fill=INK)
    for cx, cy in ((0, 0), (n - 7, 0), (0, n - 7)):
        x0, y0 = x + cx * m, y + cy * m
        s.draw.rectangle([x0, y0, x0 + 7 * m, y0 + 7 * m], fill=WHITE)
        s.draw.rectangle([x0, y0, x0 + 7 * m - 1, y0 + 7 * m - 1], fill=INK)
        s.draw.rectangle([x0 + m, y0 + m, x0 + 6 * m - 1, y0 + 6 * m - 1], fill=WHITE)
        s.draw.rectangle([x0 + 2 * m, y0 + 2 * m, x0 + 5 * m - 1, y0 + 5 * m - 1], fill=INK)


def scan_icon(s, x, y, size, color=WHITE):
    """The four corners of a viewfinder, as bank apps draw "scan a code"."""
    c, w = size // 3, 5
    for (ax, ay, dx, dy) in ((x, y, 1, 1), (x + size, y, -1, 1), (x, y + size, 1, -1),
                             (x + size, y + size, -1, -1)):
        s.draw.line([ax, ay, ax + dx * c, ay], fill=color, width=w)
        s.draw.line([ax, ay, ax, ay + dy * c], fill=color, width=w)


def bank_app_home():
    s = app_screen(APP_BLUE, "Ngân hàng")
    s.grey_bars(40, 220, [260, 200], height=20)
    tiles = []
    for i in range(6):
        col, row = i % 3, i // 3
        tiles.append((30 + col * 165, 330 + row * 190))
    for i, (x, y) in enumerate(tiles):
        s.draw.rounded_rectangle([x, y, x + 150, y + 170], 18, fill=LIGHT)
        if i == 1:
            s.draw.rounded_rectangle([x + 35, y + 25, x + 115, y + 105], 14, fill=BUTTON_BLUE)
            scan_icon(s, x + 50, y + 40, 50)
            s.text_center("QR", y + 136, font(28, bold=True), INK, x + 75)
            s.highlight.append([x, y, 150, 170])
        else:
            s.draw.rounded_rectangle([x + 45, y + 30, x + 105, y + 90], 12, fill=GREY)
            s.grey_bars(x + 30, y + 125, [90])
    s.grey_bars(40, 760, [460, 400, 430])
    s.save("thanh-toan-vietqr", "mo-quet-ma.png")


def scan_vietqr():
    s = Screen()
    s.draw.rectangle([0, 40, WIDTH, HEIGHT - 56], fill=(45, 52, 64))
    # The seller's printed stand, seen through the camera.
    s.draw.rounded_rectangle([110, 260, 430, 700], 20, fill=WHITE)
    s.text_center("VietQR", 305, font(34, bold=True), APP_BLUE)
    qr_pattern(s, 150, 350, 240)
    s.grey_bars(170, 625, [200], height=20)
    scan_icon(s, 90, 240, 360, color=BADGE_YELLOW)
    s.highlight.append([90, 240, 360, 480])
    s.grey_bars(120, 800, [300, 220])
    s.save("thanh-toan-vietqr", "quet-ma-vietqr.png")


def transfer_form(name, amount):
    """The transfer screen a scan fills in: who gets the money, and how much."""
    s = Screen()
    s.draw.rectangle([0, 40, WIDTH, 130], fill=APP_BLUE)
    s.grey_bars(40, 76, [200])
    s.grey_bars(40, 200, [220])
    recipient = s.field(40, 240, 460, 90, name)
    s.grey_bars(60, 350, [300])
    s.grey_bars(40, 420, [160])
    money = s.field(40, 460, 460, 90, amount)
    s.grey_bars(40, 590, [200])
    s.field(40, 630, 460, 80, "...")
    return s, recipient, money


def check_recipient():
    s, recipient, money = transfer_form("NGUYỄN VĂN A", "")
    s.highlight.append([30, 230, 480, 150])
    s.save("thanh-toan-vietqr", "xem-ten-nguoi-nhan.png")


def enter_amount():
    s, recipient, money = transfer_form("NGUYỄN VĂN A", "50.000 đ")
    s.highlight.append(money)
    s.save("thanh-toan-vietqr", "nhap-so-tien.png")


def confirm_transfer():
    s, recipient, money = transfer_form("NGUYỄN VĂN A", "50.000 đ")
    s.highlight.append(next_button(s, 800))
    s.save("thanh-toan-vietqr", "xac-nhan.png")


def transfer_done():
    s = Screen()
    s.draw.ellipse([190, 220, 350, 380], fill=GREEN)
    s.draw.line([232, 294, 262, 324, 310, 262], fill=WHITE, width=14)
    s.text_center("50.000 đ", 450, font(44, bold=True), INK)
    s.draw.text((70, 540), nfc("NGUYỄN VĂN A"), font=font(28, bold=True), fill=INK)
    s.grey_bars(70, 600, [380, 300, 340])
    s.highlight.append([40, 200, 460, 520])
    s.save("thanh-toan-vietqr", "chuyen-xong.png")


def strange_qr():
    s = chat("0xx xxx xxxx")
    s.bubble(30, 200, 440, "Quét mã này để nhận quà của ngân hàng:")
    s.draw.rounded_rectangle([30, 340, 330, 640], 18, fill=LIGHT)
    qr_pattern(s, 55, 365, 250)
    s.highlight.append([30, 340, 300, 300])
    cross_mark(s, 380, 450, 70)
    s.save("thanh-toan-vietqr", "ma-qr-la.png")


# --- bao-ve-tai-khoan-zalo ---------------------------------------------------
# Only the names the cited articles give are drawn ("Cá nhân", "Tài khoản và
# bảo mật", "Đặt mã khóa Zalo"); grey bars stand for every other text.

def gear_icon(s, cx, cy, r, color=WHITE):
    for a in range(0, 360, 45):
        x = cx + r * math.cos(math.radians(a))
        y = cy + r * math.sin(math.radians(a))
        s.draw.ellipse([x - 7, y - 7, x + 7, y + 7], fill=color)
    s.draw.ellipse([cx - r + 2, cy - r + 2, cx + r - 2, cy + r - 2], fill=color)
    s.draw.ellipse([cx - 8, cy - 8, cx + 8, cy + 8], fill=APP_BLUE)


def zalo_profile(tab_highlight):
    """The "Cá nhân" screen: the gear at the top right, the tabs at the bottom."""
    s = Screen()
    s.draw.rectangle([0, 40, WIDTH, 130], fill=BUTTON_BLUE)
    s.grey_bars(40, 76, [160])
    gear_icon(s, 478, 85, 20)
    person_icon(s, 40, 200, 90)
    s.draw.text((150, 230), nfc("Nguyễn Văn A"), font=font(30, bold=True), fill=INK)
    s.grey_bars(40, 360, [460, 380, 420, 300, 440, 360], height=18, gap=40)
    s.draw.rectangle([0, HEIGHT - 176, WIDTH, HEIGHT - 56], fill=LIGHT)
    for i in range(4):
        s.draw.rounded_rectangle([30 + i * 100, HEIGHT - 150, 90 + i * 100, HEIGHT - 110], 10,
                                 fill=GREY)
    s.draw.rounded_rectangle([425, HEIGHT - 160, 495, HEIGHT - 110], 10, fill=BUTTON_BLUE)
    person_icon(s, 445, HEIGHT - 156, 30, color=WHITE)
    s.text_center(nfc("Cá nhân"), HEIGHT - 88, font(22, bold=True), INK, 460)
    if tab_highlight:
        s.highlight.append([410, HEIGHT - 170, 110, 110])
    else:
        s.highlight.append([440, 48, 76, 76])
    return s


def zalo_personal_tab():
    zalo_profile(True).save("bao-ve-tai-khoan-zalo", "muc-ca-nhan.png")


def zalo_settings_gear():
    zalo_profile(False).save("bao-ve-tai-khoan-zalo", "mo-cai-dat.png")


def zalo_rows(named):
    """A settings list: the rows named are written out, the others grey bars."""
    s = Screen()
    s.draw.rectangle([0, 40, WIDTH, 130], fill=BUTTON_BLUE)
    s.grey_bars(40, 76, [200])
    rows = {}
    for i in range(7):
        y = 200 + i * 110
        s.draw.line([30, y + 100, 510, y + 100], fill=LIGHT, width=2)
        s.draw.rounded_rectangle([40, y + 30, 80, y + 70], 8, fill=GREY)
        if i in named:
            s.draw.text((104, y + 50), nfc(named[i]), font=font(28, bold=True), fill=INK,
                        anchor="lm")
        else:
            s.grey_bars(104, y + 42, [260 - (i % 3) * 40])
        rows[i] = [20, y + 5, 500, 90]
    return s, rows


def toggle(s, x, y, on):
    s.draw.rounded_rectangle([x, y, x + 76, y + 42], 21, fill=GREEN if on else GREY)
    cx = x + 55 if on else x + 21
    s.draw.ellipse([cx - 17, y + 4, cx + 17, y + 38], fill=WHITE)


def zalo_account_security():
    s, rows = zalo_rows({1: "Tài khoản và bảo mật"})
    s.highlight.append(rows[1])
    s.save("bao-ve-tai-khoan-zalo", "tai-khoan-va-bao-mat.png")


def zalo_two_factor():
    s, rows = zalo_rows({})
    x, y, w, h = rows[2]
    s.draw.rectangle([x, y, x + w, y + h], fill=WHITE)
    lock_icon(s, 40, y + 28)
    s.grey_bars(104, y + 37, [200])
    toggle(s, 410, y + 24, True)
    s.highlight.append([395, y + 10, 110, 70])
    s.save("bao-ve-tai-khoan-zalo", "xac-thuc-hai-lop.png")


def zalo_app_lock():
    s, rows = zalo_rows({3: "Đặt mã khóa Zalo"})
    s.highlight.append(rows[3])
    s.save("bao-ve-tai-khoan-zalo", "dat-ma-khoa.png")


def zalo_code_asked():
    code_asked("Zalo", BUTTON_BLUE, 150).save("bao-ve-tai-khoan-zalo", "ai-xin-ma-zalo.png")


def zalo_borrow_money():
    s = app_screen(BUTTON_BLUE, "Nguyễn Văn A")
    s.bubble(30, 200, 400, "Cho mượn 10 triệu, chiều trả nhé. Chuyển gấp vào tài khoản này.")
    s.grey_bars(50, 420, [300], height=20)
    cross_mark(s, 450, 250, 40)
    call_button(s, 700)
    s.save("bao-ve-tai-khoan-zalo", "goi-hoi-lai.png")


# --- nhan-biet-tin-gia -------------------------------------------------------

def fake_news_chat():
    """A stranger's message: hot news and a link."""
    s = chat("0xx xxx xxxx")
    s.bubble(30, 200, 440, "TIN NÓNG! Nhận ngay tiền hỗ trợ, bấm vào đây:")
    s.bubble(30, 350, 440, "http://xxxx.xx/ho-tro", size=26, color=BUTTON_BLUE)
    return s


def fake_news_message():
    s = fake_news_chat()
    s.draw.line([50, 395, 340, 395], fill=BUTTON_BLUE, width=2)
    s.draw.text((40, 480), "?", font=font(90, bold=True), fill=RED)
    s.highlight.append([20, 50, 300, 70])  # who sent it
    s.save("nhan-biet-tin-gia", "tin-la.png")


def gov_address():
    s = portal_front()
    s.text_center(".gov.vn", 660, font(56, bold=True), GREEN)
    check_mark(s, 420, 640)
    s.save("nhan-biet-tin-gia", "dia-chi-gov-vn.png")


def lookalike_address():
    s = Screen()
    s.draw.rectangle([0, 40, WIDTH, 130], fill=LIGHT)
    f = font(28, bold=True)
    s.draw.rounded_rectangle([30, 220, 510, 300], 40, fill=WHITE, outline=GREEN, width=4)
    s.draw.text((60, 260), "dichvucong.gov.vn", font=f, fill=INK, anchor="lm")
    check_mark(s, 450, 244)
    s.draw.rounded_rectangle([30, 380, 510, 460], 40, fill=WHITE, outline=RED, width=4)
    s.draw.text((60, 420), "dichvucong.xxxx.xx", font=f, fill=INK, anchor="lm")
    cross_mark(s, 450, 404, 32)
    s.highlight.append([20, 370, 500, 100])
    s.grey_bars(40, 540, [460, 400, 430, 300])
    s.save("nhan-biet-tin-gia", "dia-chi-gia.png")


def police_station():
    s = Screen()
    s.draw.polygon([(70, 420), (270, 260), (470, 420)], fill=APP_BLUE)
    s.draw.rectangle([100, 420, 440, 720], fill=LIGHT, outline=INK, width=3)
    s.draw.rounded_rectangle([140, 440, 400, 500], 8, fill=RED)
    s.text_center(nfc("CÔNG AN"), 470, font(32, bold=True), WHITE)
    s.draw.rectangle([230, 580, 310, 720], fill=APP_BLUE)
    for x in (130, 350):
        s.draw.rectangle([x, 540, x + 60, 600], fill=WHITE, outline=INK, width=3)
    person_icon(s, 330, 760, 90, color=APP_BLUE)
    s.highlight.append([90, 250, 360, 480])
    s.save("nhan-biet-tin-gia", "hoi-cong-an-xa.png")


def do_not_share():
    s = fake_news_chat()
    # A "share" arrow, crossed out.
    s.draw.rounded_rectangle([170, 520, 370, 680], 20, fill=LIGHT)
    s.draw.line([220, 640, 300, 560], fill=BUTTON_BLUE, width=10)
    s.draw.polygon([(320, 540), (268, 552), (308, 592)], fill=BUTTON_BLUE)
    cross_mark(s, 200, 545, 140)
    s.highlight.append([160, 510, 220, 180])
    s.save("nhan-biet-tin-gia", "khong-chia-se.png")


def report_fake_news():
    long_front("tingia.gov.vn").save("nhan-biet-tin-gia", "bao-tin-gia.png")


def main():
    import sys
    if sys.argv[1:]:
        unknown = [lesson for lesson in sys.argv[1:] if lesson not in LESSON_SCREENS]
        if unknown:
            sys.exit(f"draw_screens.py: no drawings by name for {', '.join(unknown)}; "
                     f"known: {', '.join(LESSON_SCREENS)}")
        for lesson in sys.argv[1:]:
            for draw in LESSON_SCREENS[lesson]:
                draw()
        return
    for draws in LESSON_SCREENS.values():
        for draw in draws:
            draw()
    for draw in (store_search, welcome, id_and_phone, otp, password, passcode,
                 security_questions, approval_sms, electronic_id, public_procedures,
                 new_phone_nfc, scam_call, scam_link, scam_requests,
                 strong_password, otp_asked, call_bank,
                 card_and_face, face_scan, large_transfer,
                 public_portal, portal_login, check_form,
                 learning_site, learning_login, lessons_in_order, read_and_watch, final_test,
                 bank_app_home, scan_vietqr, check_recipient, enter_amount, confirm_transfer,
                 transfer_done, strange_qr,
                 zalo_personal_tab, zalo_settings_gear, zalo_account_security, zalo_two_factor,
                 zalo_app_lock, zalo_code_asked, zalo_borrow_money,
                 fake_news_message, gov_address, lookalike_address, police_station, do_not_share,
                 report_fake_news):
        draw()


if __name__ == "__main__":
    main()
