static int b=100;  
