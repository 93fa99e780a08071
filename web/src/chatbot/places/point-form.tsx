import { Button, Checkbox, Group, NumberInput, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  SUPPORT_POINT_LIMITS,
  type SupportPointBody,
  type SupportPointView,
} from '../../../../common/api/support-points.js';
import { useNotify } from '../../ui/notify.js';
import { useSaveSupportPoint } from './queries.js';

const EMPTY: SupportPointBody = {
  name: '',
  category: '',
  address: '',
  phone: '',
  lat: 0,
  lng: 0,
  notes: '',
  active: true,
};

type Coordinate = number | string;

/** Adds a point (`point` null) or changes one. */
export function PointForm({ point, onDone }: { point: SupportPointView | null; onDone: () => void }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const save = useSaveSupportPoint();
  const [values, setValues] = useState<SupportPointBody>(point ?? EMPTY);
  const [lat, setLat] = useState<Coordinate>(point ? point.lat : '');
  const [lng, setLng] = useState<Coordinate>(point ? point.lng : '');
  const [tried, setTried] = useState(false);
  const set = (field: keyof SupportPointBody) => (event: { currentTarget: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.currentTarget.value }));

  const nameError = values.name.trim() === '' ? t('validation.required') : undefined;
  const coordinateError = (value: Coordinate, max: number) =>
    typeof value !== 'number' || Math.abs(value) > max
      ? t('supportPoints.form.between', { min: -max, max })
      : undefined;
  const errors = { name: nameError, lat: coordinateError(lat, 90), lng: coordinateError(lng, 180) };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (errors.name || errors.lat || errors.lng) return;
    save.mutate(
      { id: point?.id ?? null, body: { ...values, lat: Number(lat), lng: Number(lng) } },
      {
        onSuccess: () => {
          notify.success(t('supportPoints.form.saved'));
          onDone();
        },
        onError: (error) => notify.error(error, t('supportPoints.form.failed')),
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="support-point-form">
      <Stack gap="sm">
        <TextInput
          label={t('supportPoints.columns.name')}
          withAsterisk
          maxLength={SUPPORT_POINT_LIMITS.name}
          value={values.name}
          onChange={set('name')}
          error={tried ? errors.name : undefined}
          data-testid="point-name"
        />
        <TextInput
          label={t('supportPoints.columns.category')}
          maxLength={SUPPORT_POINT_LIMITS.category}
          value={values.category}
          onChange={set('category')}
        />
        <TextInput
          label={t('supportPoints.columns.address')}
          maxLength={SUPPORT_POINT_LIMITS.address}
          value={values.address}
          onChange={set('address')}
        />
        <TextInput
          label={t('supportPoints.columns.phone')}
          maxLength={SUPPORT_POINT_LIMITS.phone}
          value={values.phone}
          onChange={set('phone')}
        />
        <Coordinates lat={lat} lng={lng} onLat={setLat} onLng={setLng} errors={tried ? errors : {}} />
        <Textarea
          label={t('supportPoints.columns.notes')}
          maxLength={SUPPORT_POINT_LIMITS.notes}
          autosize
          minRows={2}
          value={values.notes}
          onChange={set('notes')}
        />
        <Checkbox
          label={t('supportPoints.form.active')}
          checked={values.active}
          onChange={(event) => setValues((current) => ({ ...current, active: event.currentTarget.checked }))}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} data-testid="point-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface CoordinatesProps {
  lat: Coordinate;
  lng: Coordinate;
  onLat: (value: Coordinate) => void;
  onLng: (value: Coordinate) => void;
  errors: { lat?: string | undefined; lng?: string | undefined };
}

function Coordinates({ lat, lng, onLat, onLng, errors }: CoordinatesProps) {
  const { t } = useTranslation();
  return (
    <Group grow>
      <NumberInput
        label={t('supportPoints.columns.lat')}
        withAsterisk
        decimalScale={7}
        min={-90}
        max={90}
        value={lat}
        onChange={onLat}
        error={errors.lat}
        data-testid="point-lat"
      />
      <NumberInput
        label={t('supportPoints.columns.lng')}
        withAsterisk
        decimalScale={7}
        min={-180}
        max={180}
        value={lng}
        onChange={onLng}
        error={errors.lng}
        data-testid="point-lng"
      />
    </Group>
  );
}
