"""The phase colours of Textual's built-in themes, worked out ahead (``phase_style`` finds them
here instead of searching the theme's colours at start-up, a few milliseconds of the first frame).

Each theme is known by the SHA-256 of its repr (every field), so a theme that differs in
anything, or a Textual that changes a built-in theme, is not found here and is worked out as
before. A test checks every entry against the search, and that every built-in theme has one;
``python -m backtimer.tui.widgets.phase_style`` prints this file anew.
"""

from __future__ import annotations

from typing import Final

# sha256(repr(theme)) -> (move, hold, rest, get-ready) as CSS colours
BUILT_IN: Final[dict[str, tuple[str, str, str, str]]] = {
    # ansi-dark
    "9f0c5ffd33ba13957d42485687052396bea404be1e475500898787fc272ecba4": (
        "ansi_bright_blue",
        "ansi_bright_cyan",
        "ansi_bright_green",
        "ansi_bright_yellow",
    ),
    # ansi-light
    "4c0391c56781aedf56c72eb4df37b7ba4cf6d0f34af11815af3bf5cbd68439a7": (
        "ansi_blue",
        "ansi_magenta",
        "ansi_default",
        "ansi_red",
    ),
    # atom-one-dark
    "06616533ba9c911380bfaf30d45b8eadf1c9ff6b00206102a42f7d3c5f8a6b73": (
        "rgb(97,175,239)",
        "rgb(170,131,199)",
        "rgb(98,240,98)",
        "rgb(221,178,91)",
    ),
    # atom-one-light
    "e28b17026aff41f1eafa5e11a383697573c500e454ece266e1c3a9400b49e205": (
        "rgb(45,106,241)",
        "rgb(166,38,164)",
        "rgb(40,133,9)",
        "rgb(118,120,23)",
    ),
    # catppuccin-frappe
    "9f834be7b50e6119a88a0a151d3bbb99034c7cd715596973b70a0b50848dbffa": (
        "rgb(202,158,230)",
        "rgb(230,130,132)",
        "rgb(166,209,137)",
        "rgb(228,200,144)",
    ),
    # catppuccin-latte
    "b651bedaa865cc3952078ff9ffd40c2ede7b2e5664d23a5689defe7f05fc9bb4": (
        "rgb(136,57,239)",
        "rgb(191,71,2)",
        "rgb(50,125,34)",
        "rgb(153,98,20)",
    ),
    # catppuccin-macchiato
    "8e21b5472687a13213620171d34184257a13675b0701b3fe7993c8e1d82dcc88": (
        "rgb(198,160,246)",
        "rgb(245,189,230)",
        "rgb(166,218,149)",
        "rgb(238,212,159)",
    ),
    # catppuccin-mocha
    "a36bdc952e7a505c2fd97af0f307f14d1815b4c142e3b4d8eef9adaf55bfa327": (
        "rgb(245,194,231)",
        "rgb(203,166,247)",
        "rgb(171,233,179)",
        "rgb(250,227,176)",
    ),
    # dracula
    "981ab6ef339fe21c49a457dd6dad14a17ec44dfa26c421cf814933285526214a": (
        "rgb(189,147,249)",
        "rgb(255,121,198)",
        "rgb(80,250,123)",
        "rgb(254,184,108)",
    ),
    # flexoki
    "e553cab65a52e3c81a23e3f7f294584a3aed2e5fbbd8a813a3eedb653ceee4bd": (
        "rgb(45,124,215)",
        "rgb(155,118,200)",
        "rgb(105,133,11)",
        "rgb(172,131,1)",
    ),
    # gruvbox
    "fb31def942de7871abf68181bd857be054751586b4d9a66e7dfe2532631af005": (
        "rgb(133,165,152)",
        "rgb(249,189,47)",
        "rgb(183,187,38)",
        "rgb(253,128,25)",
    ),
    # monokai
    "25a49a76d204abd43f9b835c10a89fe985fbba420830cb3f7ebef23d5d5f0c40": (
        "rgb(174,129,255)",
        "rgb(102,217,239)",
        "rgb(165,226,46)",
        "rgb(252,151,31)",
    ),
    # nord
    "4e19d209517f6d33d6c8404e78ec2704de115f8183e3817e5a9b85e9a37b8dae": (
        "rgb(136,192,208)",
        "rgb(181,144,175)",
        "rgb(163,190,140)",
        "rgb(234,203,139)",
    ),
    # rose-pine
    "7875d56993ba12fa7c1490cdf9d387ff969685ac7b9802814719cd23397c06b3": (
        "rgb(196,167,231)",
        "rgb(235,188,186)",
        "rgb(156,207,216)",
        "rgb(245,193,119)",
    ),
    # rose-pine-dawn
    "0dbbc55e784f2b30d53d4aa425592c687f3f135311f757ee530226302b6894c2": (
        "rgb(127,101,156)",
        "rgb(194,71,65)",
        "rgb(70,120,129)",
        "rgb(159,99,17)",
    ),
    # rose-pine-moon
    "d64d72fe1b07db27f4e5f9c34e7499c5729dd9d8583d7b3db846d8090e01507c": (
        "rgb(196,167,231)",
        "rgb(234,154,151)",
        "rgb(156,207,216)",
        "rgb(245,193,119)",
    ),
    # solarized-dark
    "a06929605ce9e83cdbc3ab16f15301c8410290566455ebf1a5692ea3560999cf": (
        "rgb(47,147,217)",
        "rgb(42,161,152)",
        "rgb(132,153,0)",
        "rgb(232,101,46)",
    ),
    # solarized-light
    "494f71f9e88eddb52e5299de728a00ff264194516d75cdb0ff5faffe8ca69ef2": (
        "rgb(32,118,179)",
        "rgb(99,105,193)",
        "rgb(104,121,0)",
        "rgb(196,73,21)",
    ),
    # textual-dark
    "fe8aafbf159ca93bc4038bbc48ba9bdde6af38d1c465b98a0b7f41a0c8af9448": (
        "rgb(1,126,223)",
        "rgb(200,87,115)",
        "rgb(78,191,113)",
        "rgb(254,166,43)",
    ),
    # textual-light
    "680e309a4b7658b7dc6cfe89ca8121f4ba35e9359549b000d8eec40f1e5309f9": (
        "rgb(0,69,120)",
        "rgb(174,57,86)",
        "rgb(41,113,63)",
        "rgb(146,85,1)",
    ),
    # tokyo-night
    "3de213227fc4ce3038058dcdfa9646b30cf691e18aa088849df589f1883475a0": (
        "rgb(187,154,247)",
        "rgb(246,118,142)",
        "rgb(158,206,106)",
        "rgb(223,175,104)",
    ),
}
