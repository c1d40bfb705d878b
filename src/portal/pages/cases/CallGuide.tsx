// A short guide to the close-the-loop call, folded away once it is known by heart. Written for
// the person who calls, in plain words; a lead gets the promoter version.
import type { CaseKindView } from '../../../domain/views.ts';

const FOLLOW_UP = [
  ['Thank them first.', 'They took the time to tell you what they think. Start with that, and say you are calling because of their answer.'],
  ['Be prepared.', 'Read their comment and their earlier answers and cases below before you dial, so they do not have to repeat themselves.'],
  ['Be brief.', 'Ask if it is a good time. Five to ten minutes is plenty; offer to call back if it is not.'],
  ['Never talk about the score.', 'Do not ask them to change it or explain the number. Talk about their experience, not the survey.'],
  ['Ask open questions and listen.', '"What happened?", "What would have made it better?" Let them talk, and do not defend or argue.'],
  ['Explain what happens next.', 'Say what you will do and by when, or that you will pass it on and to whom. Then do it, and note it here.'],
] as const;

const LEAD = [
  ['Thank them.', 'They are happy with you. Say thank you for the answer and for being a customer.'],
  ['Be prepared.', 'Read what they liked most below, so you can mention it.'],
  ['Be brief.', 'A few minutes is enough; this is a thank-you, not a sales call.'],
  ['Never talk about the score.', 'Talk about what they valued, not the number.'],
  ['Ask open questions.', '"What made the difference for you?" may tell you what to keep doing.'],
  ['Explain what happens next.', 'If it fits, ask whether they would write a review or recommend you to someone, and say how.'],
] as const;

export function CallGuide({ kind }: { kind: CaseKindView }) {
  const steps = kind === 'lead' ? LEAD : FOLLOW_UP;
  return (
    <details className="card call-guide">
      <summary>
        <h2>How to make the call</h2>
      </summary>
      <ol>
        {steps.map(([head, text]) => (
          <li key={head}>
            <strong>{head}</strong> {text}
          </li>
        ))}
      </ol>
    </details>
  );
}
