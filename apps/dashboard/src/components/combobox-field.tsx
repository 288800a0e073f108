import { type KeyboardEvent, type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useT } from '../i18n/index.tsx';
import { Field } from './field.tsx';

export interface ComboboxFieldProps {
  label: string;
  description?: ReactNode;
  error?: string | null;
  name?: string;
  /** The chosen option; always one of `options` once chosen. */
  value: string;
  options: readonly string[];
  onChange: (value: string) => void;
  /** How an option reads; defaults to the option itself. */
  optionLabel?: (option: string) => string;
  /** At most this many matches are listed; typing narrows them. */
  limit?: number;
}

const readable = (option: string) => option.replace(/_/g, ' ');

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s_]+/g, ' ')
    .trim();
}

/**
 * A searchable list (ARIA 1.2 combobox with a listbox popup): type to filter, arrows to move,
 * Enter to choose, Escape to close and restore. Leaving the field without choosing keeps the
 * previous value, so the value is always one of the options.
 */
export function ComboboxField({
  label,
  description,
  error,
  name,
  value,
  options,
  onChange,
  optionLabel = readable,
  limit = 100,
}: ComboboxFieldProps) {
  const t = useT();
  const id = useId();
  const listId = `${id}-list`;
  const [text, setText] = useState(optionLabel(value));
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(() => setText(optionLabel(value)), [value, optionLabel]);

  const matches = useMemo(() => {
    const query = normalize(text);
    const showAll = !query || query === normalize(optionLabel(value));
    const found = showAll ? options : options.filter((option) => normalize(option).includes(query));
    return found.slice(0, limit);
  }, [text, options, value, optionLabel, limit]);

  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const choose = (option: string) => {
    onChange(option);
    setText(optionLabel(option));
    setOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) setOpen(true);
        else setActive((index) => Math.min(index + 1, matches.length - 1));
        break;
      case 'ArrowUp':
        event.preventDefault();
        setActive((index) => Math.max(index - 1, 0));
        break;
      case 'Enter':
        if (open && matches[active]) {
          event.preventDefault();
          choose(matches[active]);
        }
        break;
      case 'Escape':
        if (open) {
          event.preventDefault();
          event.stopPropagation();
          setOpen(false);
          setText(optionLabel(value));
        }
        break;
    }
  };

  const activeId = open && matches[active] ? `${id}-option-${active}` : undefined;

  return (
    <Field label={label} description={description} error={error}>
      {(ids) => (
        <div className="combobox">
          <input
            id={ids.control}
            name={name}
            className="input"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={open}
            aria-controls={listId}
            aria-activedescendant={activeId}
            aria-invalid={error ? true : undefined}
            aria-describedby={ids.describedBy}
            autoComplete="off"
            spellCheck={false}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setActive(0);
              setOpen(true);
            }}
            onClick={() => setOpen(true)}
            onKeyDown={onKeyDown}
            onBlur={() => {
              setOpen(false);
              setText(optionLabel(value));
            }}
          />
          <div
            id={listId}
            ref={listRef}
            role="listbox"
            aria-label={label}
            className="combobox-list"
            hidden={!open}
          >
            {matches.length === 0 ? (
              // biome-ignore lint/a11y/useFocusableInteractive: focus stays in the input (aria-activedescendant)
              <div className="combobox-empty" role="option" aria-selected={false} aria-disabled="true">
                {t('combobox.noMatches')}
              </div>
            ) : (
              matches.map((option, index) => (
                // biome-ignore lint/a11y/useFocusableInteractive: focus stays in the input (aria-activedescendant)
                <div
                  key={option}
                  id={`${id}-option-${index}`}
                  data-index={index}
                  role="option"
                  aria-selected={option === value}
                  className={`combobox-option${index === active ? ' combobox-option-active' : ''}`}
                  // mousedown, not click: the input's blur would close the list first.
                  onMouseDown={(event) => {
                    event.preventDefault();
                    choose(option);
                  }}
                >
                  {optionLabel(option)}
                </div>
              ))
            )}
          </div>
          <p className="visually-hidden" aria-live="polite">
            {open ? t('combobox.matches', { count: matches.length }) : ''}
          </p>
        </div>
      )}
    </Field>
  );
}
