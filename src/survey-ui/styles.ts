// The respondent pages' only stylesheet, inlined in every page (no extra request on a slow
// phone connection). Mobile first; the brand colour arrives as --brand (white text on it is
// checked to reach 4.5:1) and --focus-dark (a shade that stands out on the dark background).
import { checkBrandColour, isHexColour } from '../domain/workspaces/branding-rules.ts';

export const DEFAULT_BRAND = '#0f766e';

const CSS = `*{box-sizing:border-box}
:root{color-scheme:light dark;--bg:#fff;--fg:#18202a;--muted:#4f5966;--line:#727c89;--err:#b42318;--soft:#eef1f4;--focus:var(--brand)}
@media (prefers-color-scheme:dark){:root{--bg:#121212;--fg:#eceff3;--muted:#b9c0c8;--line:#8d96a2;--err:#ff9b8f;--soft:#1f2328;--focus:var(--focus-dark)}}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:42rem;margin:0 auto;padding:1rem 1rem 2rem}
header{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem}
.logo{max-height:3rem;max-width:12rem}
.company{font-weight:700;margin:0}
h1{font-size:1.375rem;line-height:1.3;margin:1rem 0 .5rem}
h2{font-size:1.125rem;margin:0 0 .5rem}
a{color:inherit}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.langs{display:flex;flex-wrap:wrap;gap:.25rem;margin:0;padding:0;list-style:none;font-size:.9375rem}
.langs a{display:inline-flex;align-items:center;min-height:2.75rem;padding:0 .5rem}
.langs [aria-current]{font-weight:700;text-decoration:none}
.progress{color:var(--muted);margin:0 0 .25rem;font-size:.9375rem}
progress{width:100%;height:.375rem;accent-color:var(--brand);display:block;margin-bottom:1rem}
.note,.help{color:var(--muted)}
.help{margin:.25rem 0 .5rem;font-size:.9375rem}
.q{border:0;margin:0 0 1.75rem;padding:0;min-width:0}
.q>legend,.q>label,.qt{display:block;font-weight:600;font-size:1.125rem;margin-bottom:.5rem;padding:0}
.req{font-weight:400;color:var(--muted);font-size:.9375rem}
.scale{display:grid;grid-template-columns:repeat(6,minmax(0,1fr));gap:.375rem;margin:0;padding:0}
.scale.s5{grid-template-columns:repeat(5,minmax(0,1fr))}
.scale.s7{grid-template-columns:repeat(7,minmax(0,1fr))}
@media (min-width:36rem){.scale.s11{grid-template-columns:repeat(11,minmax(0,1fr))}}
.pt{position:relative}
.pt input{position:absolute;opacity:0;width:100%;height:100%;margin:0;inset:0;cursor:pointer}
.pt span{display:flex;align-items:center;justify-content:center;min-height:2.75rem;border:2px solid var(--line);border-radius:.5rem;font-weight:600;background:var(--bg);transition:background-color .15s}
.pt input:checked+span{background:var(--brand);border-color:var(--brand);color:#fff}
.pt input:focus-visible+span{outline:3px solid var(--focus);outline-offset:2px}
.ends{display:flex;justify-content:space-between;gap:1rem;margin:.375rem 0 0;font-size:.9375rem;color:var(--muted)}
.ends span:last-child{text-align:right}
.opts{margin:0;padding:0;list-style:none}
.opt{display:flex;align-items:center;gap:.75rem;min-height:2.75rem;padding:.25rem .5rem;border-radius:.5rem;cursor:pointer}
.opt input{width:1.375rem;height:1.375rem;margin:0;accent-color:var(--brand);flex:none}
textarea,input[type=text],input[type=email],input[type=tel]{width:100%;min-height:2.75rem;padding:.5rem .625rem;border:2px solid var(--line);border-radius:.5rem;font:inherit;color:inherit;background:var(--bg)}
textarea{min-height:7rem;resize:vertical}
[aria-invalid=true]{border-color:var(--err)}
.err{color:var(--err);font-weight:600;margin:.25rem 0 .5rem}
.errors{border:3px solid var(--err);border-radius:.5rem;padding:.75rem 1rem;margin:0 0 1.5rem}
.errors ul{margin:0;padding-left:1.25rem}
.errors a{color:var(--err);font-weight:600}
.actions{display:flex;flex-direction:column;gap:.75rem;margin-top:1.5rem}
.btn{display:inline-flex;align-items:center;justify-content:center;min-height:2.75rem;padding:.625rem 1.5rem;border-radius:.5rem;font:inherit;font-weight:600;text-decoration:none;cursor:pointer;border:2px solid var(--brand);background:var(--brand);color:#fff}
.btn.sec{background:transparent;color:var(--fg);border-color:var(--line)}
@media (min-width:36rem){.actions{flex-direction:row}}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important;scroll-behavior:auto!important}}`;

/** The stylesheet with the workspace's colour (or Anbefal's) filled in. */
export function stylesheet(colour: string | null): string {
  const brand = colour && isHexColour(colour) && checkBrandColour(colour).ok ? colour.toLowerCase() : DEFAULT_BRAND;
  return `:root{--brand:${brand};--focus-dark:${checkBrandColour(brand).focusOnDark}}\n${CSS}`;
}
