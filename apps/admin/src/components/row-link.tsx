import type { KeyboardEvent, ReactNode } from 'react';
import { navigate } from '../router/navigation.js';

/**
 * A table row that opens a page: focusable with Tab, opened with Enter or a
 * click; ↑/↓ move between rows.
 */
export function RowLink({
  to,
  label,
  className,
  children,
}: {
  to: string;
  label: string;
  className?: string;
  children: ReactNode;
}) {
  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      navigate(to);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next =
        event.key === 'ArrowDown'
          ? event.currentTarget.nextElementSibling
          : event.currentTarget.previousElementSibling;
      if (next instanceof HTMLElement) next.focus();
    }
  };
  return (
    <tr
      tabIndex={0}
      className={`row-link${className ? ` ${className}` : ''}`}
      aria-label={label}
      onClick={(event) => {
        if ((event.target as HTMLElement).closest('a, button, input, label')) return;
        navigate(to);
      }}
      onKeyDown={onKeyDown}
    >
      {children}
    </tr>
  );
}
