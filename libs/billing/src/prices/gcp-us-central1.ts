/**
 * Compute Engine on-demand prices, us-central1, USD per hour, as published on Google's public
 * price list (https://cloud.google.com/compute/vm-instance-pricing and /compute/gpus-pricing) for
 * the machine types the GCP adapter launches. A2/A3/G2 prices include their attached GPUs; N1
 * machines are priced without GPUs and each attached T4 is charged on top. Refreshing means a
 * new dated catalog version, never editing this one.
 */
export const GCP_US_CENTRAL1_HOURLY: Readonly<Record<string, string>> = {
  'n1-standard-1': '0.0475',
  'n1-standard-2': '0.095',
  'n1-standard-4': '0.19',
  'n1-standard-8': '0.38',
  'n1-standard-16': '0.76',
  'n1-standard-32': '1.52',
  'n1-standard-64': '3.04',
  'n1-standard-96': '4.56',
  'n2-standard-2': '0.097118',
  'n2-standard-4': '0.194236',
  'n2-standard-8': '0.388472',
  'n2-standard-16': '0.776944',
  'n2-standard-32': '1.553888',
  'n2-standard-48': '2.330832',
  'n2-standard-64': '3.107776',
  'n2-standard-80': '3.88472',
  'n2-standard-96': '4.661664',
  'n2-standard-128': '6.215552',
  'e2-standard-2': '0.067006',
  'e2-standard-4': '0.134012',
  'e2-standard-8': '0.268024',
  'e2-standard-16': '0.536048',
  'e2-standard-32': '1.072096',
  'g2-standard-4': '0.70683',
  'g2-standard-8': '0.85362',
  'g2-standard-12': '1.00041',
  'g2-standard-16': '1.1472',
  'g2-standard-24': '2.00082',
  'g2-standard-32': '1.73436',
  'g2-standard-48': '4.00164',
  'g2-standard-96': '8.00328',
  'a2-highgpu-1g': '3.673385',
  'a2-highgpu-2g': '7.34677',
  'a2-highgpu-4g': '14.69354',
  'a2-highgpu-8g': '29.38708',
  'a2-megagpu-16g': '55.739504',
  'a3-highgpu-8g': '88.253258',
};

/** Per GPU-hour for GPUs attached to N1 machines (guest accelerators). */
export const GCP_US_CENTRAL1_ATTACHED_GPU_HOURLY: Readonly<Record<string, string>> = {
  T4: '0.35',
};
