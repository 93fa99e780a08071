import { Anchor, ScrollArea, Table, UnstyledButton } from '@mantine/core';
import { IconArrowsSort, IconSortAscending, IconSortDescending } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { ColumnView } from '../../../common/api/reports.js';
import { idHref, idKindOf } from './chart-shape.js';

type Sort = { column: number; descending: boolean } | null;

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

function Cell({ column, value }: { column: ColumnView; value: unknown }) {
  if (value === null || value === undefined) return <span className="report-null">—</span>;
  const kind = idKindOf(column.name);
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (kind !== null) {
    return (
      <Anchor component={Link} to={idHref(kind, text)}>
        {text}
      </Anchor>
    );
  }
  return <>{text}</>;
}

/** A run's rows: sortable by any column (click its header); id columns link to their objects. */
export function ResultTable({ columns, rows }: { columns: ColumnView[]; rows: unknown[][] }) {
  const [sort, setSort] = useState<Sort>(null);
  const sorted = useMemo(() => {
    if (sort === null) return rows;
    const copy = [...rows].sort((x, y) => compare(x[sort.column], y[sort.column]));
    return sort.descending ? copy.reverse() : copy;
  }, [rows, sort]);
  const toggle = (column: number) =>
    setSort((s) =>
      s?.column === column ? { column, descending: !s.descending } : { column, descending: false },
    );
  return (
    <ScrollArea>
      <Table striped highlightOnHover withTableBorder data-testid="report-table">
        <Table.Thead>
          <Table.Tr>
            {columns.map((c, i) => {
              const active = sort?.column === i;
              const Icon = !active
                ? IconArrowsSort
                : sort.descending
                  ? IconSortDescending
                  : IconSortAscending;
              return (
                <Table.Th
                  key={c.name + String(i)}
                  aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                >
                  <UnstyledButton onClick={() => toggle(i)} fw={600} fz="sm">
                    {c.name} <Icon size={14} aria-hidden />
                  </UnstyledButton>
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((row, r) => (
            // Rows have no identity of their own; the position in the sorted list is stable per render.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <Table.Tr key={r}>
              {columns.map((c, i) => (
                <Table.Td key={c.name + String(i)}>
                  <Cell column={c} value={row[i]} />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}
