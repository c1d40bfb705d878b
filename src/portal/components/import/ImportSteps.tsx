// Where the person is in the import: upload, map, check, import. The current step is announced.
export const STEPS = ['Upload', 'Map columns', 'Check', 'Import'] as const;
export type Step = (typeof STEPS)[number];

export function ImportSteps({ current }: { current: Step }) {
  const at = STEPS.indexOf(current);
  return (
    <ol className="wizard-steps" aria-label="Import steps">
      {STEPS.map((step, i) => (
        <li key={step} aria-current={i === at ? 'step' : undefined} data-done={i < at}>
          <span className="wizard-step-number" aria-hidden="true">
            {i + 1}
          </span>
          {step}
          {i < at && <span className="visually-hidden"> (done)</span>}
        </li>
      ))}
    </ol>
  );
}
