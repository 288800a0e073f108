import { type KeyboardEvent, type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useT } from '../i18n/index.tsx';
import { Field } from './field.tsx';

export interface ComboboxFieldProps {
  label: string;
  description?: ReactNode;
  error?: string | null;
  name?: string;
  /** The chosen option, or the text typed when it names none (for the form to refuse). */
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
 * Enter to choose, Escape to close and restore. Text that names no option is passed on as typed,
 * so the form's schema refuses it with words on the field, instead of the old value coming back
 * unseen and "saved" appearing for a change that was never made. Leaving the field chooses the
 * only match; an emptied field keeps the previous value. When nothing matches, no popup opens
 * (it would cover the buttons below): a line in the page says so instead.
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
  // Opened by typing (the list narrows to the text) or by a click or arrow (the whole list).
  const [typed, setTyped] = useState(false);
  const listRef = useRef<HTMLDivElement>(null);
  // The last value that is one of the options: Escape and an emptied field go back to it.
  const committed = useRef(value);
  if (options.includes(value)) committed.current = value;

  // A value set from outside shows in the field, unless the field already says the same.
  useEffect(
    () =>
      setText((current) =>
        normalize(current) === normalize(optionLabel(value)) ? current : optionLabel(value),
      ),
    [value, optionLabel],
  );

  const exactOption = (typed: string) => {
    const query = normalize(typed);
    return options.find((option) => normalize(optionLabel(option)) === query || normalize(option) === query);
  };

  const matches = useMemo(() => {
    const query = normalize(text);
    const showAll = !query || !typed;
    const found = showAll ? options : options.filter((option) => normalize(option).includes(query));
    return found.slice(0, limit);
  }, [text, typed, options, limit]);

  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  /**
   * The form holds what the field shows, as it is typed (like any text field): an option when the
   * text names one, else the text itself, which the form's schema then refuses in words. So
   * leaving the field changes nothing that was not already on screen (a change on blur would
   * move the Save button away from under the pointer between press and release).
   */
  const type = (typed: string) => {
    const exact = typed.trim() ? exactOption(typed) : undefined;
    setText(typed);
    setActive(0);
    setTyped(true);
    // Text that names an option leaves nothing to choose: no popup over what follows the field.
    setOpen(!exact);
    onChange(typed.trim() ? (exact ?? typed.trim()) : committed.current);
  };

  /** Leaving the field: the only match is chosen; an emptied field goes back to the last choice. */
  const settle = () => {
    setOpen(false);
    const query = normalize(text);
    if (!query) {
      setText(optionLabel(committed.current));
      return;
    }
    const chosen = exactOption(text) ?? (matches.length === 1 ? matches[0] : undefined);
    if (chosen) choose(chosen);
  };

  const choose = (option: string) => {
    onChange(option);
    setText(optionLabel(option));
    setOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) {
          setTyped(false);
          setOpen(true);
        } else setActive((index) => Math.min(index + 1, matches.length - 1));
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
          setText(optionLabel(committed.current));
          onChange(committed.current);
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
            onChange={(event) => type(event.target.value)}
            onClick={() => {
              setTyped(false);
              setOpen(true);
            }}
            onKeyDown={onKeyDown}
            onBlur={settle}
          />
          <div
            id={listId}
            ref={listRef}
            role="listbox"
            aria-label={label}
            className="combobox-list"
            hidden={!open || matches.length === 0}
          >
            {matches.map((option, index) => (
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
            ))}
          </div>
          {open && matches.length === 0 ? (
            <p className="combobox-empty">{t('combobox.noMatches', { text: text.trim() })}</p>
          ) : null}
          <p className="visually-hidden" aria-live="polite">
            {open ? t('combobox.matches', { count: matches.length }) : ''}
          </p>
        </div>
      )}
    </Field>
  );
}
