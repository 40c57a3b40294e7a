"""The site's one stylesheet (after the ``@font-face`` rules of ``fonts.py``).

After the GOV.UK Design System's practice: 19px body text, a readable measure, underlined links, a yellow focus
state that never relies on colour alone, 44px targets for the call buttons, one column below 40rem, nothing
wider than the screen at 320 px or at 200% zoom (long e-mail and web addresses break anywhere; the skip link
is clipped, not moved off-screen, which in a right-to-left page would widen it). Each script gets
its own font stack through ``:lang()`` (its font first, so joining and conjuncts are shaped by one font; Latin
first for Chinese, whose font draws Latin poorly) and a taller line for stacked vowel signs.
"""

STYLE = """
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font-family:RacLatin,Arial,sans-serif;font-size:1.1875rem;line-height:1.5;color:#0b0c0c;background:#fff;
overflow-wrap:break-word}
:lang(ar),:lang(ur){font-family:RacArabic,RacLatin,sans-serif;line-height:1.8}
:lang(zh-Hans){font-family:RacLatin,RacCJK,sans-serif;line-height:1.7}
:lang(bn){font-family:RacBengali,RacLatin,sans-serif;line-height:1.75}
:lang(si){font-family:RacSinhala,RacLatin,sans-serif;line-height:1.75}
:lang(ta){font-family:RacTamil,RacLatin,sans-serif;line-height:1.75}
:lang(it){font-family:RacLatin,Arial,sans-serif}
.w{max-width:44rem;margin:0 auto;padding:0 1rem}
a{color:#1d70b8;text-decoration:underline;text-decoration-thickness:max(1px,.0625rem);text-underline-offset:.15em}
a:visited{color:#4c2c92}
a:hover{color:#003078;text-decoration-thickness:max(3px,.1875rem)}
a:focus{outline:3px solid transparent;color:#0b0c0c;background:#fd0;box-shadow:0 -2px #fd0,0 4px #0b0c0c;
text-decoration:none}
.skip{position:absolute;width:1px;height:1px;margin:0;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);
white-space:nowrap}
.skip:focus{position:static;display:block;width:auto;height:auto;padding:.5rem 1rem;clip:auto;clip-path:none;
white-space:normal;background:#fd0;color:#0b0c0c}
.demo{margin:0;padding:.5rem 1rem;background:#d4351c;color:#fff;font-weight:700}
.hd{background:#0b0c0c;border-bottom:.5rem solid #1d70b8}
.hd a,.hd a:visited{display:inline-block;padding:.75rem 0;color:#fff;font-weight:700;text-decoration:none}
.hd a:focus{color:#0b0c0c}
.crumbs ol{list-style:none;margin:.75rem 0 0;padding:0;font-size:1rem}
.crumbs li{display:inline}
.crumbs li+li::before{content:"›";margin:0 .4rem;color:#505a5f}
main{display:block;padding-bottom:1rem}
main:focus{outline:none}
h1{font-size:1.75rem;line-height:1.25;margin:1.25rem 0 1rem}
h2{font-size:1.375rem;line-height:1.3;margin:2rem 0 .75rem}
h3{font-size:1.1875rem;line-height:1.35;margin:0 0 .25rem;color:#0b4f8a}
p{margin:0 0 1rem}
.act,.kicker{margin:1.25rem 0 -.5rem;color:#505a5f;font-weight:700}
.box{margin:1.5rem 0;padding:1rem;border:4px solid #1d70b8;background:#f3f8fc}
.box h2{margin-top:0}
.deadline{font-weight:700}
.steps{margin:0;padding-inline-start:1.75rem}
.steps li,.bullets li{margin-bottom:.5rem}
.go a{font-weight:700}
.law{font-size:1rem;color:#3a3a3a}
.terms div{margin-bottom:.75rem}
.terms dt{font-weight:700}
.terms dd{margin:0}
.stages,.towns{padding:0;list-style:none}
.stages li{margin:0 0 1rem}
.stages a{font-size:1.25rem;font-weight:700}
.stages .act{margin:0;font-weight:400;font-size:1rem}
.towns{columns:12rem}
.towns li{break-inside:avoid;margin:0 0 .6rem}
.cards{display:grid;gap:1rem;grid-template-columns:minmax(0,1fr)}
@media (min-width:40rem){.cards.two{grid-template-columns:repeat(2,minmax(0,1fr))}}
.card{padding:.75rem 1rem;border:1px solid #b1b4b6;border-inline-start:.5rem solid #5b6670;background:#fff}
.card.big{background:#f5f8fb}
.b-municipality{border-inline-start-color:#0b4f8a}.b-ambito{border-inline-start-color:#1b7a6e}
.b-metro{border-inline-start-color:#a35a00}.b-empty{border-inline-start-color:#6f777b}
.svc,.who{margin:0 0 .25rem;color:#505a5f;font-size:1rem}
.scope{margin:0 0 .25rem;font-size:1rem}
.s-ambito{color:#17695e}.s-metro{color:#8a4b00}.s-municipality{color:#0b4f8a}
.person+.person{margin-top:.75rem;padding-top:.75rem;border-top:1px solid #b1b4b6}
.person dl{margin:0}
.person dt{margin-top:.5rem;color:#505a5f;font-size:1rem}
.person dd{margin:0}
.addr{overflow-wrap:anywhere}
a.call,a.call:visited{display:inline-block;min-height:44px;margin:.25rem 0;padding:.5rem .75rem;background:#00703c;
color:#fff;font-weight:700;text-decoration:none;box-shadow:0 2px 0 #002d18}
a.call:hover{background:#005a30;color:#fff}
a.call:focus{background:#fd0;color:#0b0c0c;box-shadow:0 2px 0 #0b0c0c}
.langs{display:grid;gap:.75rem;padding:0;list-style:none;grid-template-columns:repeat(auto-fill,minmax(min(100%,16rem),1fr))}
.langs a{display:flex;gap:.75rem;align-items:center;min-height:44px;padding:.6rem .75rem;border:2px solid #1d70b8;
text-decoration:none}
.key{flex:none;min-width:2.2rem;padding:.1rem .4rem;border-radius:4px;background:#0b4f8a;color:#fff;font-weight:700;
text-align:center}
.names{display:flex;flex-direction:column}
.native{font-size:1.375rem;font-weight:700}
.it-name,.prompt{color:#505a5f;font-size:1rem}
.ft{margin-top:2rem;padding:1rem 0 2rem;border-top:1px solid #b1b4b6;background:#f3f2f1;font-size:1rem}
.ft p{margin:0 0 .5rem}
@media print{.hd,.skip,.crumbs,.go{display:none}a.call,a.call:visited{padding:0;background:none;color:#0b0c0c;
box-shadow:none}}
"""

__all__ = ["STYLE"]
