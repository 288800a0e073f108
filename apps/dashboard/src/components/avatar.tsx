interface AvatarPerson {
  displayName: string | null;
  email: string;
  avatarUrl: string | null;
}

function initialsOf(person: AvatarPerson): string {
  const source = person.displayName?.trim() || person.email;
  const words = source.split(/[\s@._-]+/).filter(Boolean);
  return ((words[0]?.[0] ?? '') + (words[1]?.[0] ?? '')).toUpperCase() || '?';
}

/** The Mozilla Accounts picture, or initials; decorative next to the name it accompanies. */
export function Avatar({ person, size }: { person: AvatarPerson; size: number }) {
  if (person.avatarUrl) {
    return (
      <img
        className="avatar"
        src={person.avatarUrl}
        alt=""
        width={size}
        height={size}
        referrerPolicy="no-referrer"
      />
    );
  }
  return (
    <span
      className="avatar avatar-initials"
      style={{ width: size, height: size, fontSize: size * 0.4 }}
      aria-hidden="true"
    >
      {initialsOf(person)}
    </span>
  );
}
