/**
 * EC2 On-Demand Linux prices, us-east-1, USD per hour, as published on AWS's public price list
 * (https://aws.amazon.com/ec2/pricing/on-demand/) for the types the AWS adapter launches.
 * Recorded from that list for the catalog dated below; this machine cannot reach the Price List
 * API, so refreshing means adding a new dated catalog version, never editing this one.
 */
export const AWS_US_EAST_1_HOURLY: Readonly<Record<string, string>> = {
  'm6i.large': '0.096',
  'm6i.xlarge': '0.192',
  'm6i.2xlarge': '0.384',
  'm6i.4xlarge': '0.768',
  'm6i.8xlarge': '1.536',
  'm6i.12xlarge': '2.304',
  'm6i.16xlarge': '3.072',
  'm6i.24xlarge': '4.608',
  'm6i.32xlarge': '6.144',
  'c6i.large': '0.085',
  'c6i.xlarge': '0.17',
  'c6i.2xlarge': '0.34',
  'c6i.4xlarge': '0.68',
  'c6i.8xlarge': '1.36',
  'c6i.12xlarge': '2.04',
  'c6i.16xlarge': '2.72',
  'c6i.24xlarge': '4.08',
  'c6i.32xlarge': '5.44',
  'g5.xlarge': '1.006',
  'g5.2xlarge': '1.212',
  'g5.4xlarge': '1.624',
  'g5.8xlarge': '2.448',
  'g5.12xlarge': '5.672',
  'g5.16xlarge': '4.096',
  'g5.24xlarge': '8.144',
  'g5.48xlarge': '16.288',
  'g6.xlarge': '0.8048',
  'g6.2xlarge': '0.9776',
  'g6.4xlarge': '1.3232',
  'g6.8xlarge': '2.0144',
  'g6.12xlarge': '4.6016',
  'g6.16xlarge': '3.3968',
  'g6.24xlarge': '6.6752',
  'g6.48xlarge': '13.3504',
  'p4d.24xlarge': '32.7726',
  'p5.48xlarge': '98.32',
};
