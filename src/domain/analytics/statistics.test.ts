// The statistics against numbers worked out by hand, and the normal constants against the CDF.
import { describe, expect, it } from 'vitest';
import { adjustedWaldMargin, netPromoterScore, normalCdf, significanceWords, testNpsDifference, Z_TWO_SIDED } from './statistics.ts';

describe('NPS', () => {
  it('reproduces the worked examples of the product brief', () => {
    expect(netPromoterScore({ n: 100, promoters: 47, detractors: 22 })).toBeCloseTo(25, 10);
    expect(netPromoterScore({ n: 100, promoters: 54, detractors: 27 })).toBeCloseTo(27, 10);
    expect(netPromoterScore({ n: 0, promoters: 0, detractors: 0 })).toBeNull();
  });
});

describe('adjusted-Wald margin of error', () => {
  it('matches the arithmetic by hand', () => {
    // n = 97, 47 promoters, 22 detractors → n + 3 = 100
    // p̂ = (47 + 0.75) / 100 = 0.4775, d̂ = (22 + 0.75) / 100 = 0.2275
    // variance = 0.4775 + 0.2275 − (0.4775 − 0.2275)² = 0.705 − 0.0625 = 0.6425
    // MoE95 = 1.959964 · √(0.6425 / 100) · 100 = 1.959964 · 0.0801561 · 100 = 15.7103
    const counts = { n: 97, promoters: 47, detractors: 22 };
    expect(adjustedWaldMargin(counts, 95)).toBeCloseTo(15.7103, 3);
    // MoE90 = 1.644854 · 8.01561 = 13.1845; MoE99 = 2.575829 · 8.01561 = 20.6468
    expect(adjustedWaldMargin(counts, 90)).toBeCloseTo(13.1845, 3);
    expect(adjustedWaldMargin(counts, 99)).toBeCloseTo(20.6468, 3);
    expect(adjustedWaldMargin({ n: 0, promoters: 0, detractors: 0 }, 95)).toBeNull();
  });

  it('uses quantiles that give back their confidence under the normal CDF', () => {
    for (const [level, z] of Object.entries(Z_TWO_SIDED)) expect(normalCdf(z) - normalCdf(-z)).toBeCloseTo(Number(level) / 100, 6);
  });
});

describe('z-test of two NPS', () => {
  it('calls a clear difference significant and matches the formula', () => {
    // a: 60 P / 30 D of 100 → nps 0.30, var = 0.9 − 0.09 = 0.81; b: 20 P / 60 D of 100 → −0.40, var = 0.8 − 0.16 = 0.64
    // z = 0.70 / √(0.0081 + 0.0064) = 0.70 / 0.120416 = 5.8132
    const test = testNpsDifference({ n: 100, promoters: 60, detractors: 30 }, { n: 100, promoters: 20, detractors: 60 });
    expect(test?.z).toBeCloseTo(5.8132, 3);
    expect(test?.difference).toBeCloseTo(70, 10);
    expect(test?.words).toBe('significant at 99%');
  });

  it('calls equal groups not significant, and stays defined when nobody varies', () => {
    const equal = testNpsDifference({ n: 200, promoters: 90, detractors: 40 }, { n: 150, promoters: 67, detractors: 30 });
    expect(equal?.words).toBe('not significant');
    expect(testNpsDifference({ n: 50, promoters: 50, detractors: 0 }, { n: 50, promoters: 0, detractors: 50 })?.words).toBe('significant at 99%');
    expect(testNpsDifference({ n: 0, promoters: 0, detractors: 0 }, { n: 5, promoters: 1, detractors: 1 })).toBeNull();
  });

  it('words the p-value at each boundary', () => {
    expect(significanceWords(0.009)).toBe('significant at 99%');
    expect(significanceWords(0.049)).toBe('significant at 95%');
    expect(significanceWords(0.099)).toBe('significant at 90%');
    expect(significanceWords(0.1)).toBe('not significant');
    // z = 1.96 two-sided is p = 0.05 (not below it); 2.0 is below.
    expect(2 * (1 - normalCdf(2))).toBeCloseTo(0.0455, 4);
  });
});
