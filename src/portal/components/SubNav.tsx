// A section's own sub-pages (Distribution, Cases, Insight) as a row of links under the main menu.
import { NavLink, type To } from 'react-router-dom';

export interface SubNavPart {
  to: To;
  label: string;
  /** Active only on exactly this address (the section's first page), not below it. */
  end?: boolean;
}

export function SubNav({ label, parts }: { label: string; parts: SubNavPart[] }) {
  return (
    <nav aria-label={label} className="subnav">
      <ul>
        {parts.map((part) => (
          <li key={part.label}>
            <NavLink to={part.to} end={part.end}>
              {part.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
